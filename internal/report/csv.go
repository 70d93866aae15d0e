package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

const csvHelp = "one row per finding (RFC 4180); cells that look like formulas get a leading '"

// csvHeader names the columns, one row per finding.
var csvHeader = []string{
	"id", "rule_id", "severity", "status", "title",
	"resource_id", "resource_type", "resource_name", "provider", "account", "region", "namespace",
	"file", "line", "message", "compliance", "first_seen", "last_seen", "exception_reason", "exception_until",
	"owner", "due", "overdue", "risk",
}

// csvStream writes a header, then a row per finding as findings arrive,
// then a row per finding the scan resolved. Requirements are joined
// with "; ". Times are RFC 3339, UTC.
type csvStream struct {
	bw      *bufio.Writer
	w       *csv.Writer
	started bool
}

func newCSVStream(w io.Writer, _ Options) Stream {
	bw := bufio.NewWriterSize(w, streamBuffer)
	return &csvStream{bw: bw, w: csv.NewWriter(bw)}
}

func (s *csvStream) Findings(fs []model.Finding) error {
	if !s.started {
		s.started = true
		if err := s.w.Write(csvHeader); err != nil {
			return err
		}
	}
	for _, f := range fs {
		if err := s.w.Write(csvRow(f)); err != nil {
			return fmt.Errorf("write finding %s: %w", f.Fingerprint, err)
		}
	}
	// csv.Writer keeps its first error; report it while findings are
	// still coming, as the JSON formats do.
	s.w.Flush()
	return s.w.Error()
}

func (s *csvStream) End(r *Report) error {
	if err := s.Findings(resolvedFindings(r)); err != nil {
		return err
	}
	return s.bw.Flush()
}

func csvRow(f model.Finding) []string {
	r := resourceOf(f)
	file, line := where(f)
	var reason, until string
	if ex := f.Exception; ex != nil {
		reason, until = ex.Reason, exceptionUntil(ex)
	}
	if m := f.FalsePositive; m != nil && f.Status == model.StatusFalsePositive {
		reason, until = "false positive: "+m.Reason, ""
	}
	var owner, due, overdue string
	if t := f.Triage; t != nil {
		owner = t.Owner
		if t.Due != nil {
			due, overdue = csvTime(*t.Due), strconv.FormatBool(t.Overdue)
		}
	}
	row := []string{
		f.Fingerprint, f.RuleID, f.Severity.String(), stateOf(f).name, f.Title,
		r.ID, r.Type, r.Name, r.Provider, r.Account, r.Region, r.Namespace,
		file, lineCell(line), f.Message, strings.Join(requirements(f.Compliance), "; "),
		csvTime(f.FirstSeen), csvTime(f.LastSeen), reason, until,
		owner, due, overdue, riskCell(f.Risk),
	}
	for i, c := range row {
		row[i] = csvCell(c)
	}
	return row
}

func riskCell(r *model.Risk) string {
	if r == nil {
		return ""
	}
	return strconv.Itoa(r.Score)
}

func lineCell(line int) string {
	if line <= 0 {
		return ""
	}
	return strconv.Itoa(line)
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// csvCell defuses formula injection (OWASP "CSV Injection"): a cell a
// spreadsheet would evaluate, one starting with = + - @, a tab or a
// carriage return, gets a leading apostrophe.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
