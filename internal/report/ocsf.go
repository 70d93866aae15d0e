package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// ocsfVersion is the OCSF release the ocsf format writes, every
// event's metadata.version. 1.3.0 is the first release in which both
// classes Vigil writes hold the same `resources` array (a Compliance
// Finding had one `resource` before), and it is within what AWS reads:
// Security Lake writes its own AWS sources (version 2) in 1.1.0,
// Security Hub its findings in 1.6, and a Security Lake custom source
// is registered for a class, not a release. What later releases added
// (is_alert, role_id, compliance.checks …) is not written:
// TestOCSFAgainstSchema checks that with the rest against the schema
// source.
const ocsfVersion = "1.3.0"

const ocsfHelp = "OCSF " + ocsfVersion + " findings as JSON Lines, for security data lakes"

// The OCSF identifiers written: categories.json, the finding classes'
// uids and activity_id, analytic.type_id 1 (Rule), account.type_id 10
// (AWS Account).
const (
	ocsfCategoryFindings = 2
	ocsfClassCompliance  = 2003
	ocsfClassDetection   = 2004
	ocsfActivityCreate   = 1
	ocsfActivityUpdate   = 2
	ocsfActivityClose    = 3
	ocsfAnalyticRule     = 1
	ocsfAccountTypeAWS   = 10
)

var (
	ocsfClassNames    = map[int]string{ocsfClassCompliance: "Compliance Finding", ocsfClassDetection: "Detection Finding"}
	ocsfActivityNames = map[int]string{ocsfActivityCreate: "Create", ocsfActivityUpdate: "Update", ocsfActivityClose: "Close"}
)

// ocsfStream writes one OCSF event per finding, one JSON object per
// line (JSON Lines), as findings arrive; End adds a Close event for
// each finding this scan resolved.
//
// The class follows what a Security Lake user queries: a finding whose
// rule maps to a framework requirement is a Compliance Finding, the
// class Security Hub's own control checks land in, with the
// requirements in `compliance`; any other is a Detection Finding. Each
// finding is one event, never one of each class, so counts in the lake
// are counts of findings; finding_info.uid is the fingerprint in both.
// A Security Lake custom source takes one class, so register two and
// split on class_uid (jq -c 'select(.class_uid == 2003)').
//
// JSON Lines rather than one array: a partial output (a scan stopped
// midway) loses only its last line, and it is what Firehose, Glue and
// the Parquet converters Security Lake needs read.
type ocsfStream struct {
	w       *bufio.Writer
	enc     *json.Encoder
	version string
}

func newOCSFStream(w io.Writer, opts Options) Stream {
	bw := bufio.NewWriterSize(w, streamBuffer)
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	return &ocsfStream{w: bw, enc: json.NewEncoder(bw), version: version}
}

func (s *ocsfStream) Findings(fs []model.Finding) error {
	for _, f := range fs {
		if err := s.enc.Encode(s.event(f)); err != nil {
			return fmt.Errorf("write finding %s: %w", f.Fingerprint, err)
		}
	}
	return nil
}

func (s *ocsfStream) End(r *Report) error {
	if err := s.Findings(resolvedFindings(r)); err != nil {
		return err
	}
	return s.w.Flush()
}

type ocsfEvent struct {
	ActivityID   int              `json:"activity_id"`
	ActivityName string           `json:"activity_name"`
	CategoryUID  int              `json:"category_uid"`
	CategoryName string           `json:"category_name"`
	ClassUID     int              `json:"class_uid"`
	ClassName    string           `json:"class_name"`
	TypeUID      int              `json:"type_uid"`
	TypeName     string           `json:"type_name"`
	SeverityID   int              `json:"severity_id"`
	Severity     string           `json:"severity"`
	StatusID     int              `json:"status_id"`
	Status       string           `json:"status"`
	StatusDetail string           `json:"status_detail,omitempty"`
	Time         int64            `json:"time"`
	Message      string           `json:"message,omitempty"`
	Metadata     ocsfMetadata     `json:"metadata"`
	FindingInfo  ocsfFindingInfo  `json:"finding_info"`
	Resources    []ocsfResource   `json:"resources,omitempty"`
	Cloud        *ocsfCloud       `json:"cloud,omitempty"`
	Compliance   *ocsfCompliance  `json:"compliance,omitempty"`
	Remediation  *ocsfRemediation `json:"remediation,omitempty"`
	// Risk: Detection Finding's own attributes; a Compliance Finding has
	// none, so there the risk is in unmapped.
	RiskScore   *int          `json:"risk_score,omitempty"`
	RiskLevelID *int          `json:"risk_level_id,omitempty"`
	RiskLevel   string        `json:"risk_level,omitempty"`
	RiskDetails string        `json:"risk_details,omitempty"`
	Unmapped    *ocsfUnmapped `json:"unmapped,omitempty"`
}

type ocsfMetadata struct {
	Version  string      `json:"version"`
	Product  ocsfProduct `json:"product"`
	Profiles []string    `json:"profiles,omitempty"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version"`
}

type ocsfFindingInfo struct {
	UID           string       `json:"uid"`
	Title         string       `json:"title"`
	Desc          string       `json:"desc,omitempty"`
	Types         []string     `json:"types,omitempty"`
	Analytic      ocsfAnalytic `json:"analytic"`
	CreatedTime   int64        `json:"created_time,omitempty"`
	ModifiedTime  int64        `json:"modified_time,omitempty"`
	FirstSeenTime int64        `json:"first_seen_time,omitempty"`
	LastSeenTime  int64        `json:"last_seen_time,omitempty"`
}

// ocsfAnalytic is the rule that produced the finding.
type ocsfAnalytic struct {
	UID    string `json:"uid"`
	Name   string `json:"name"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfResource struct {
	UID            string            `json:"uid,omitempty"`
	Name           string            `json:"name,omitempty"`
	Type           string            `json:"type,omitempty"`
	Namespace      string            `json:"namespace,omitempty"`
	Region         string            `json:"region,omitempty"`          // cloud profile
	CloudPartition string            `json:"cloud_partition,omitempty"` // cloud profile
	Data           *ocsfResourceData `json:"data,omitempty"`
}

// ocsfResourceData is what locates a resource beyond its identity:
// its kind, its cluster, and the file and line that declare it (the
// line of the offending attribute is unmapped.evidence's).
type ocsfResourceData struct {
	Kind    string `json:"kind,omitempty"`
	Cluster string `json:"cluster,omitempty"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Address string `json:"address,omitempty"`
}

type ocsfCloud struct {
	Provider string       `json:"provider"`
	Region   string       `json:"region,omitempty"`
	Account  *ocsfAccount `json:"account,omitempty"`
}

type ocsfAccount struct {
	UID    string `json:"uid"`
	TypeID int    `json:"type_id"`
	Type   string `json:"type"`
}

type ocsfCompliance struct {
	Control      string   `json:"control"`
	Standards    []string `json:"standards"`
	Requirements []string `json:"requirements"`
	StatusID     int      `json:"status_id"`
	Status       string   `json:"status"`
}

type ocsfRemediation struct {
	Desc string `json:"desc"`
}

// ocsfUnmapped holds what OCSF has no attribute for.
type ocsfUnmapped struct {
	Evidence  *model.Evidence  `json:"evidence,omitempty"`
	Exception *model.Exception `json:"exception,omitempty"`
	Related   string           `json:"related,omitempty"`
	Risk      *model.Risk      `json:"risk,omitempty"`
	Members   []string         `json:"members,omitempty"`
}

// ocsfRiskLevel maps a 0–100 risk score to OCSF's risk levels.
func ocsfRiskLevel(score int) (int, string) {
	switch {
	case score >= 80:
		return 4, "Critical"
	case score >= 60:
		return 3, "High"
	case score >= 40:
		return 2, "Medium"
	case score >= 20:
		return 1, "Low"
	}
	return 0, "Info"
}

// riskDetails says what a risk is made of, in a line.
func riskDetails(r *model.Risk) string {
	parts := make([]string, 0, len(r.Factors)+1)
	for _, f := range r.Factors {
		parts = append(parts, fmt.Sprintf("%s +%d: %s", f.Name, f.Points, f.Detail))
	}
	if len(r.Path) > 0 {
		parts = append(parts, "path: "+model.PathText(r.Path))
	}
	return strings.Join(parts, "; ")
}

func (s *ocsfStream) event(f model.Finding) ocsfEvent {
	sc, st := scaleOf(f.Severity), stateOf(f)
	class := ocsfClassDetection
	if len(f.Compliance) > 0 {
		class = ocsfClassCompliance
	}
	activity := ocsfActivityUpdate
	switch {
	case st.resolved:
		activity = ocsfActivityClose
	case f.FirstSeen.Equal(f.LastSeen):
		activity = ocsfActivityCreate
	}
	// time is when this record of the finding was made: the scan that
	// saw it (or resolved it), so a lake partitioned by time holds each
	// scan's view on its day; the finding's creation is created_time.
	at := f.LastSeen
	if st.resolved && f.ResolvedAt != nil {
		at = *f.ResolvedAt
	}
	e := ocsfEvent{
		ActivityID: activity, ActivityName: ocsfActivityNames[activity],
		CategoryUID: ocsfCategoryFindings, CategoryName: "Findings",
		ClassUID: class, ClassName: ocsfClassNames[class],
		TypeUID: class*100 + activity, TypeName: ocsfClassNames[class] + ": " + ocsfActivityNames[activity],
		SeverityID: sc.ocsfID, Severity: sc.ocsfName,
		StatusID: st.ocsfStatusID, Status: st.ocsfStatus,
		Time:     epochMillis(at),
		Message:  f.Message,
		Metadata: ocsfMetadata{Version: ocsfVersion, Product: ocsfProduct{Name: "Vigil", VendorName: "Vigil project", Version: s.version}},
		FindingInfo: ocsfFindingInfo{
			UID: f.Fingerprint, Title: f.Title, Desc: f.Message, Types: findingTypes(f),
			Analytic:    ocsfAnalytic{UID: f.RuleID, Name: f.RuleID, TypeID: ocsfAnalyticRule, Type: "Rule"},
			CreatedTime: epochMillis(f.FirstSeen), ModifiedTime: epochMillis(at),
			FirstSeenTime: epochMillis(f.FirstSeen), LastSeenTime: epochMillis(f.LastSeen),
		},
	}
	switch {
	case f.Status == model.StatusFalsePositive && f.FalsePositive != nil:
		e.StatusDetail = "false positive: " + f.FalsePositive.Reason
	case f.Status == model.StatusExcepted && f.Exception != nil:
		e.StatusDetail = f.Exception.Reason
	}
	if r := f.Resource; r != nil {
		res := ocsfResource{UID: r.ID, Name: r.Name, Type: r.Type, Namespace: r.Namespace}
		data := ocsfResourceData{Kind: r.Kind, File: r.Source.File, Line: r.Source.Line, Address: r.Source.Address}
		if r.Provider == "aws" {
			// The cloud profile: the event's cloud, the resource's
			// region and partition.
			e.Metadata.Profiles = []string{"cloud"}
			e.Cloud = &ocsfCloud{Provider: "AWS", Region: r.Region}
			if r.Account != "" {
				e.Cloud.Account = &ocsfAccount{UID: r.Account, TypeID: ocsfAccountTypeAWS, Type: "AWS Account"}
			}
			res.Region = r.Region
			if strings.HasPrefix(r.ID, "arn:") {
				res.CloudPartition = awsPartition(r.ID)
			}
		} else {
			data.Cluster = r.Account
		}
		if data != (ocsfResourceData{}) {
			res.Data = &data
		}
		e.Resources = []ocsfResource{res}
	}
	if class == ocsfClassCompliance {
		e.Compliance = &ocsfCompliance{Control: f.RuleID, Standards: frameworks(f.Compliance), Requirements: requirements(f.Compliance),
			StatusID: st.ocsfComplianceID, Status: st.ocsfCompliance}
	}
	if f.Remediation != "" {
		e.Remediation = &ocsfRemediation{Desc: f.Remediation}
	}
	un := ocsfUnmapped{Exception: f.Exception, Related: f.Related, Members: f.Members}
	if ev := f.Evidence; ev.Path != "" || ev.Value != nil || ev.Line > 0 {
		un.Evidence = &ev
	}
	if r := f.Risk; r != nil {
		if class == ocsfClassDetection {
			score, id := r.Score, 0
			id, e.RiskLevel = ocsfRiskLevel(score)
			e.RiskScore, e.RiskLevelID, e.RiskDetails = &score, &id, riskDetails(r)
		} else {
			un.Risk = r
		}
	}
	if un.Evidence != nil || un.Exception != nil || un.Related != "" || un.Risk != nil || len(un.Members) > 0 {
		e.Unmapped = &un
	}
	return e
}

// epochMillis is OCSF's timestamp_t: milliseconds since the epoch, UTC;
// 0 for an unknown time.
func epochMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
