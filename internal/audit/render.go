package audit

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Formats lists the report's formats, the first the default.
var Formats = []string{"table", "json", "csv", "html"}

// Write renders the report in format.
func Write(w io.Writer, r *Report, format string) error {
	switch format {
	case "table":
		return Table(w, r)
	case "json":
		return JSON(w, r)
	case "csv":
		return CSV(w, r)
	case "html":
		return HTML(w, r)
	}
	return fmt.Errorf("unknown report format %q: use one of %s", format, strings.Join(Formats, ", "))
}

// JSON writes the report as indented JSON (schema_version 1).
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// CSVHeader is the CSV form's columns, stable across versions: new
// columns are only ever appended.
var CSVHeader = []string{"framework", "requirement", "section", "title", "level", "automated", "status", "reason",
	"evaluated", "failing", "excepted", "stale_findings", "rules", "failing_resources", "excepted_resources", "scans", "check"}

// CSV writes one row per requirement; lists are joined with ";".
func CSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, q := range r.Requirements {
		row := []string{r.Framework.ID, q.ID, q.Section, q.Title, strconv.Itoa(q.Level), strconv.FormatBool(q.Automated), q.Status, q.Reason,
			strconv.Itoa(q.Evaluated), strconv.Itoa(distinct(q.Failing)), strconv.Itoa(distinct(q.Excepted)), strconv.Itoa(q.StaleFindings),
			strings.Join(q.Rules, ";"), strings.Join(resourceIDs(q.Failing), ";"), strings.Join(resourceIDs(q.Excepted), ";"), strings.Join(q.Scans, ";"), q.Check}
		for i, v := range row {
			row[i] = defuse(v)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) && v != "-" {
		return "'" + v
	}
	return v
}

// resourceIDs are the distinct resource ids of refs, in order.
func resourceIDs(refs []FindingRef) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range refs {
		if !seen[r.ResourceID] {
			seen[r.ResourceID] = true
			out = append(out, r.ResourceID)
		}
	}
	return out
}

// percent shows a score's percentage, "n/a" when it has none.
func percent(s Score) string {
	if s.Percent == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*s.Percent, 'f', 1, 64) + "%"
}

// Table writes the report for a terminal.
func Table(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "%s %s (%s): %s — %d passed, %d failed, %d excepted, %d manual, %d not covered, %d not applicable\n",
		r.Framework.Title, r.Framework.Version, r.Framework.ID, percent(r.Score), r.Score.Passed, r.Score.Failed, r.Score.Excepted,
		r.Score.Manual, r.Score.NotCovered, r.Score.NotApplicable)
	fmt.Fprintf(w, "%s\n", r.Checks)
	fmt.Fprintf(w, "judged at %s from scans no older than %s\n", r.GeneratedAt.Format(time.DateTime), r.MaxAge)
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SCOPE\tSTATE\tSCAN\tFINISHED\tRESOURCES")
	for _, s := range r.Scopes {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", s.Name(), s.State, s.Scan.ID, s.Scan.FinishedAt.Format(time.DateTime), s.Resources)
	}
	if len(r.Scopes) == 0 {
		fmt.Fprintln(tw, "(no finished scan in the store)\t\t\t\t")
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "REQUIREMENT\tSTATUS\tEVALUATED\tFAILING\tTITLE")
	for _, q := range r.Requirements {
		failing := strconv.Itoa(distinct(q.Failing))
		if n := distinct(q.Excepted); n > 0 {
			failing += fmt.Sprintf(" (+%d excepted)", n)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", q.ID, strings.ReplaceAll(q.Status, "_", " "), q.Evaluated, failing, q.Title)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tSCORE\tPASSED\tFAILED\tEXCEPTED")
	for _, s := range r.Sections {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", s.ID, percent(s.Score), s.Score.Passed, s.Score.Failed, s.Score.Excepted)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Trend) > 0 {
		parts := make([]string, 0, len(r.Trend))
		for _, p := range r.Trend {
			parts = append(parts, p.At.Format("01-02 15:04")+" "+percent(p.Score))
		}
		fmt.Fprintf(w, "\ntrend: %s\n", strings.Join(parts, " → "))
	}
	return nil
}
