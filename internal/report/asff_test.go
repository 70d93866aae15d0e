package report

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/securityhub/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// asffRequired are the top-level attributes Security Hub requires of
// every finding (user guide, "Required top-level ASFF attributes").
var asffRequired = []string{"AwsAccountId", "CreatedAt", "Description", "GeneratorId", "Id", "ProductArn", "Resources",
	"SchemaVersion", "Severity", "Title", "Types", "UpdatedAt"}

var (
	asffProductArn = regexp.MustCompile(`^arn:(aws|aws-cn|aws-us-gov):securityhub:[a-z0-9-]+:(\d{12}):product/(\d{12})/default$`)
	// The timestamp forms the API Reference lists (Timestamps).
	asffTimestampForm = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$`)
	asffNamespaces    = []string{"Software and Configuration Checks", "TTPs", "Effects", "Unusual Behaviors", "Sensitive Data Identifications"}
)

// checkASFF returns what in one finding Security Hub would reject: a
// missing required attribute, a value outside its enum, a length or
// count over its documented limit (AwsSecurityFinding, Resource,
// Compliance, Recommendation, Severity and Workflow in the API
// Reference).
func checkASFF(raw map[string]any) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	for _, k := range asffRequired {
		if v, ok := raw[k]; !ok || v == "" || v == nil {
			bad("%s: required and missing", k)
		}
	}
	b, _ := json.Marshal(raw)
	var f asffFinding
	_ = json.Unmarshal(b, &f)
	chars := func(name, s string, lo, hi int) {
		if n := utf8.RuneCountInString(s); n < lo || n > hi {
			bad("%s: %d characters, want %d to %d", name, n, lo, hi)
		}
	}
	if f.SchemaVersion != asffSchemaVersion {
		bad("SchemaVersion %q", f.SchemaVersion)
	}
	chars("Id", f.ID, 1, 512)
	chars("GeneratorId", f.GeneratorID, 1, 512)
	chars("Title", f.Title, 1, 256)
	chars("Description", f.Description, 1, 1024)
	if !awsmodel.IsAccountID(f.AwsAccountID) {
		bad("AwsAccountId %q: want 12 digits", f.AwsAccountID)
	}
	if m := asffProductArn.FindStringSubmatch(f.ProductArn); m == nil || m[2] != f.AwsAccountID || m[3] != f.AwsAccountID {
		bad("ProductArn %q: want a custom integration's in the finding's account", f.ProductArn)
	}
	for name, ts := range map[string]string{"CreatedAt": f.CreatedAt, "UpdatedAt": f.UpdatedAt, "FirstObservedAt": f.FirstObservedAt, "LastObservedAt": f.LastObservedAt} {
		if !asffTimestampForm.MatchString(ts) {
			bad("%s %q: not a timestamp form Security Hub accepts", name, ts)
		}
	}
	if len(f.Types) == 0 || len(f.Types) > 50 {
		bad("Types: %d, want 1 to 50", len(f.Types))
	}
	for _, ty := range f.Types {
		ns, _, _ := strings.Cut(ty, "/")
		if !slices.Contains(asffNamespaces, ns) {
			bad("Types %q: namespace %q is not one of %v", ty, ns, asffNamespaces)
		}
	}
	if !slices.Contains([]string{"INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"}, f.Severity.Label) {
		bad("Severity.Label %q", f.Severity.Label)
	}
	chars("Severity.Original", f.Severity.Original, 1, 64)
	if n := len(f.Resources); n < 1 || n > 32 {
		bad("Resources: %d, want 1 to 32", n)
	}
	for _, r := range f.Resources {
		chars("Resources.Type", r.Type, 1, 256)
		if r.ID == "" {
			bad("Resources.Id: required and missing")
		}
		if !slices.Contains([]string{"aws", "aws-cn", "aws-us-gov"}, r.Partition) {
			bad("Resources.Partition %q", r.Partition)
		}
		if r.Region != "" {
			chars("Resources.Region", r.Region, 1, 16)
		}
	}
	if c := f.Compliance; c != nil {
		if !slices.Contains([]string{"PASSED", "WARNING", "FAILED", "NOT_AVAILABLE"}, c.Status) {
			bad("Compliance.Status %q", c.Status)
		}
		if len(c.RelatedRequirements) > 32 {
			bad("Compliance.RelatedRequirements: %d, want at most 32", len(c.RelatedRequirements))
		}
	}
	if r := f.Remediation; r != nil {
		chars("Remediation.Recommendation.Text", r.Recommendation.Text, 1, 512)
	}
	if len(f.ProductFields) > 50 {
		bad("ProductFields: %d pairs, want at most 50", len(f.ProductFields))
	}
	for k, v := range f.ProductFields {
		chars("ProductFields key", k, 1, 128)
		chars("ProductFields["+k+"]", v, 0, 2048)
	}
	if !slices.Contains([]string{"NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"}, f.Workflow.Status) {
		bad("Workflow.Status %q", f.Workflow.Status)
	}
	if !slices.Contains([]string{"ACTIVE", "ARCHIVED"}, f.RecordState) {
		bad("RecordState %q", f.RecordState)
	}
	return errs
}

// TestASFFFindings: the sample's AWS findings of an account are written
// as Security Hub takes them (checkASFF), the resolved one archived;
// the others are skipped and counted by reason.
func TestASFFFindings(t *testing.T) {
	r := formatsSample()
	f, _ := Lookup("asff")
	var buf strings.Builder
	s := f.New(&buf, Options{})
	if err := Render(s, r); err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	if err := json.Unmarshal([]byte(buf.String()), &out); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, buf.String())
	}
	var ids, states []string
	for _, af := range out {
		for _, err := range checkASFF(af) {
			t.Errorf("%v: %s", af["Id"], err)
		}
		ids = append(ids, af["Id"].(string))
		states = append(states, af["RecordState"].(string)+"/"+af["Workflow"].(map[string]any)["Status"].(string))
	}
	want := []string{r.Findings[2].Fingerprint, r.Findings[3].Fingerprint, r.Findings[5].Fingerprint, r.Resolved[0].Fingerprint}
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want the fingerprints of the account's findings %v", ids, want)
	}
	if w := []string{"ACTIVE/NEW", "ACTIVE/SUPPRESSED", "ACTIVE/SUPPRESSED", "ARCHIVED/RESOLVED"}; !slices.Equal(states, w) {
		t.Errorf("states = %v, want %v", states, w)
	}
	// The false positive says so in Security Hub's own field; no other does.
	for i, af := range out {
		v, _ := af["VerificationState"].(string)
		if want := map[bool]string{true: "FALSE_POSITIVE"}[i == 2]; v != want {
			t.Errorf("finding %v: VerificationState %q, want %q", af["Id"], v, want)
		}
	}
	skipped := s.(Skipper).Skipped()
	if skipped[asffSkipNotAWS] != 2 || skipped[asffSkipNoAccount] != 1 || len(skipped) != 2 {
		t.Errorf("skipped = %v, want 2 not on AWS (Kubernetes) and 1 without an account (IaC)", skipped)
	}
}

// TestASFFLimits: text and lists longer than Security Hub takes are cut
// to its limits, text with an ellipsis.
func TestASFFLimits(t *testing.T) {
	long := strings.Repeat("é", 3000)
	var refs []model.ComplianceRef
	for range 40 {
		refs = append(refs, model.ComplianceRef{Framework: "cis-aws-7.0", Control: "1.1"})
	}
	res := &model.Resource{ID: "arn:aws-us-gov:iam::222222222222:role/" + long, Type: "aws.iam.role", Provider: "aws", Account: "222222222222", Name: long}
	f := model.Finding{Fingerprint: "fp", RuleID: strings.Repeat("r", 600), Title: long, Severity: model.SeverityCritical, Status: model.StatusOpen,
		Message: long, Remediation: long, Compliance: refs, Resource: res, Related: "arn:aws-us-gov:iam::222222222222:policy/x",
		Exception: &model.Exception{Reason: long, Expired: true}}
	af, skip := asffFindingOf(f)
	if skip != "" {
		t.Fatal(skip)
	}
	b, _ := json.Marshal(af)
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	for _, err := range checkASFF(raw) {
		t.Error(err)
	}
	raw["Title"], raw["RecordState"] = strings.Repeat("x", 257), "GONE"
	if errs := checkASFF(raw); len(errs) != 2 {
		t.Errorf("the checker misses a long title or a bad record state: %q", errs)
	}
	for name, s := range map[string]string{"Title": af.Title, "Description": af.Description, "GeneratorId": af.GeneratorID, "Recommendation": af.Remediation.Recommendation.Text} {
		if !strings.HasSuffix(s, "…") {
			t.Errorf("%s was cut without an ellipsis", name)
		}
	}
	if af.ProductArn != "arn:aws-us-gov:securityhub:us-gov-west-1:222222222222:product/222222222222/default" {
		t.Errorf("a global resource of GovCloud is imported under %s", af.ProductArn)
	}
}

// TestASFFResourceTypes: each mapping is from a Vigil type to a
// resource type Security Hub defines (a member of the API's
// ResourceDetails).
func TestASFFResourceTypes(t *testing.T) {
	details := reflect.TypeOf(types.ResourceDetails{})
	for vigil, asff := range asffResourceTypes {
		if _, ok := awsmodel.Lookup(vigil); !ok {
			t.Errorf("%s is not a Vigil type", vigil)
		}
		if _, ok := details.FieldByName(asff); !ok {
			t.Errorf("%s: %s is not a Security Hub resource type", vigil, asff)
		}
	}
}
