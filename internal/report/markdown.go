package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/model"
)

// markdownLimit bounds the findings listed, so a pull-request comment
// stays within what code hosts accept; the counts are always complete.
const markdownLimit = 100

// Markdown writes a summary for a pull-request comment: counts by
// severity, the findings (most severe first) with their locations and
// fixes, excepted findings with their reasons, and coverage gaps.
func Markdown(w io.Writer, r *Report, _ Options) error {
	bw := bufio.NewWriter(w)
	var open, excepted, falsePositives []model.Finding
	for _, f := range r.Findings {
		switch stateOf(f).name {
		case model.StatusExcepted:
			excepted = append(excepted, f)
		case model.StatusFalsePositive:
			falsePositives = append(falsePositives, f)
		default:
			open = append(open, f)
		}
	}
	counts := findings.Counts(open)
	fmt.Fprintf(bw, "### Vigil: %d findings on %d resources\n\n", len(open), r.Resources)
	if len(open) == 0 {
		fmt.Fprintln(bw, "No open findings.")
	} else {
		fmt.Fprintln(bw, "| critical | high | medium | low | info |")
		fmt.Fprintln(bw, "| ---: | ---: | ---: | ---: | ---: |")
		fmt.Fprintf(bw, "| %d | %d | %d | %d | %d |\n\n", counts["critical"], counts["high"], counts["medium"], counts["low"], counts["info"])
		fmt.Fprintln(bw, "| severity | rule | resource | where | finding |")
		fmt.Fprintln(bw, "| --- | --- | --- | --- | --- |")
		n := 0
		for _, sev := range model.Severities() {
			for _, f := range open {
				if f.Severity != sev {
					continue
				}
				if n++; n > markdownLimit {
					continue
				}
				fmt.Fprintf(bw, "| %s | `%s` | %s | %s | %s |\n", sev, f.RuleID, mdCell(qualifiedName(resourceOf(f))), mdCell(mdWhere(f)), mdCell(f.Message))
			}
		}
		if n > markdownLimit {
			fmt.Fprintf(bw, "\n…and %d more; see the full report (`--format json` or `sarif`).\n", n-markdownLimit)
		}
	}
	if len(excepted) > 0 {
		fmt.Fprintf(bw, "\n<details><summary>%d excepted</summary>\n\n", len(excepted))
		for _, f := range excepted {
			ex := exceptionOf(f)
			fmt.Fprintf(bw, "- `%s` on %s: %s (%s:%d)\n", f.RuleID, mdCell(qualifiedName(resourceOf(f))), mdCell(ex.Reason), ex.File, ex.Line)
		}
		fmt.Fprintln(bw, "\n</details>")
	}
	if len(falsePositives) > 0 {
		fmt.Fprintf(bw, "\n<details><summary>%d marked false positive</summary>\n\n", len(falsePositives))
		for _, f := range falsePositives {
			reason := ""
			if m := f.FalsePositive; m != nil {
				reason = m.Reason + " (" + m.By + ")"
			}
			fmt.Fprintf(bw, "- `%s` on %s: %s\n", f.RuleID, mdCell(qualifiedName(resourceOf(f))), mdCell(reason))
		}
		fmt.Fprintln(bw, "\n</details>")
	}
	if s := r.Scan; s != nil {
		var gaps []string
		for _, c := range s.Coverage {
			if c.Status == model.CoverageDenied || c.Status == model.CoverageError {
				gaps = append(gaps, fmt.Sprintf("- %s: %s %s", c.Scope, c.Status, c.Reason))
			}
		}
		for _, e := range s.Errors {
			gaps = append(gaps, "- "+e.Error())
		}
		if len(gaps) > 0 {
			fmt.Fprintf(bw, "\n**Not fully scanned (%d)**\n\n%s\n", len(gaps), strings.Join(gaps, "\n"))
		}
	}
	return bw.Flush()
}

func mdWhere(f model.Finding) string {
	if at := evidenceAt(f); at != "" {
		return at
	}
	return location(resourceOf(f))
}

// mdCell makes text safe inside a table cell.
func mdCell(s string) string {
	s = strings.ReplaceAll(s, "|", "\\|")
	s = strings.ReplaceAll(s, "\n", " ")
	return s
}
