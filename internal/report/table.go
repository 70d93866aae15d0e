package report

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/model"
)

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

// Table writes findings for people: grouped by severity, then resource,
// with counts, the first line of each fix, coverage gaps and input errors.
func Table(w io.Writer, r *Report, opts Options) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opts.Color {
			return s
		}
		return code + s + ansiReset
	}
	var fs, excepted, falsePositives []model.Finding
	for _, f := range r.Findings {
		switch stateOf(f).name {
		case model.StatusExcepted:
			excepted = append(excepted, f)
			continue
		case model.StatusFalsePositive:
			falsePositives = append(falsePositives, f)
			continue
		}
		fs = append(fs, f)
	}
	counts := findings.Counts(fs)
	for _, sev := range model.Severities() {
		var group []model.Finding
		for _, f := range fs {
			if f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(bw, "%s\n", paint(scaleOf(sev).ansi, fmt.Sprintf("%s (%d)", strings.ToUpper(sev.String()), len(group))))
		lastRes := ""
		for _, f := range group {
			if resourceOf(f).ID != lastRes {
				lastRes = resourceOf(f).ID
				fmt.Fprintf(bw, "  %s %s  %s\n", paint(ansiBold, resourceOf(f).Kind), paint(ansiBold, qualifiedName(resourceOf(f))), paint(ansiDim, location(resourceOf(f))))
			}
			fmt.Fprintf(bw, "    - %s  %s\n", f.RuleID, f.Message)
			if f.Evidence.Path != "" {
				at := "at " + f.Evidence.Path + evidenceValue(f.Evidence)
				switch {
				case f.Evidence.Line == 0:
				case f.Evidence.File == "" && resourceOf(f).Source.DefinedIn == nil:
					at += fmt.Sprintf(" (line %d)", f.Evidence.Line)
				default:
					at += " (" + evidenceAt(f) + ")"
				}
				fmt.Fprintf(bw, "      %s\n", paint(ansiDim, at))
			}
			if why := riskLine(f.Risk); why != "" {
				fmt.Fprintf(bw, "      %s\n", paint(ansiDim, why))
			}
			if fix := firstLine(f.Remediation); fix != "" {
				fmt.Fprintf(bw, "      %s\n", paint(ansiDim, "fix: "+fix))
			}
			if ex := f.Exception; ex != nil && ex.Expired {
				fmt.Fprintf(bw, "      %s\n", paint(ansiDim, fmt.Sprintf("exception expired %s (%s:%d): %s", exceptionUntil(ex), ex.File, ex.Line, ex.Reason)))
			}
		}
		fmt.Fprintln(bw)
	}
	if len(excepted) > 0 {
		fmt.Fprintf(bw, "%s\n", paint(ansiBold, fmt.Sprintf("EXCEPTED (%d)", len(excepted))))
		for _, f := range excepted {
			ex, until := exceptionOf(f), ""
			if ex.Expires != nil {
				until = " until " + exceptionUntil(ex)
			}
			fmt.Fprintf(bw, "  %s %s  %s  %s\n", f.Severity, f.RuleID, qualifiedName(resourceOf(f)), paint(ansiDim, location(resourceOf(f))))
			fmt.Fprintf(bw, "      %s\n", paint(ansiDim, fmt.Sprintf("accepted%s (%s:%d): %s", until, ex.File, ex.Line, ex.Reason)))
		}
		fmt.Fprintln(bw)
	}
	if len(falsePositives) > 0 {
		fmt.Fprintf(bw, "%s\n", paint(ansiBold, fmt.Sprintf("FALSE POSITIVES (%d)", len(falsePositives))))
		for _, f := range falsePositives {
			fmt.Fprintf(bw, "  %s %s  %s  %s\n", f.Severity, f.RuleID, qualifiedName(resourceOf(f)), paint(ansiDim, location(resourceOf(f))))
			if m := f.FalsePositive; m != nil {
				fmt.Fprintf(bw, "      %s\n", paint(ansiDim, fmt.Sprintf("marked by %s on %s: %s", m.By, m.At.UTC().Format("2006-01-02"), m.Reason)))
			}
		}
		fmt.Fprintln(bw)
	}
	if len(r.Resolved) > 0 {
		fmt.Fprintf(bw, "%s\n", paint(ansiBold, fmt.Sprintf("RESOLVED SINCE LAST SCAN (%d)", len(r.Resolved))))
		for _, f := range r.Resolved {
			fmt.Fprintf(bw, "  %s %s  %s\n", resourceOf(f).Kind, qualifiedName(resourceOf(f)), f.RuleID)
		}
		fmt.Fprintln(bw)
	}
	if s := r.Scan; s != nil {
		var gaps []model.Coverage
		for _, c := range s.Coverage {
			if c.Status == model.CoverageDenied || c.Status == model.CoverageError {
				gaps = append(gaps, c)
			}
		}
		if len(gaps) > 0 {
			fmt.Fprintf(bw, "%s\n", paint(ansiBold, fmt.Sprintf("NOT COVERED (%d)", len(gaps))))
			for _, c := range gaps {
				if c.API != "" {
					fmt.Fprintf(bw, "  %s: %s (%s) %s\n", c.Scope, c.Status, c.API, c.Reason)
					continue
				}
				fmt.Fprintf(bw, "  %s: %s %s\n", c.Scope, c.Status, c.Reason)
			}
			fmt.Fprintln(bw)
		}
		if len(s.Errors) > 0 {
			fmt.Fprintf(bw, "%s\n", paint(ansiBold, fmt.Sprintf("INPUT ERRORS (%d)", len(s.Errors))))
			for _, e := range s.Errors {
				fmt.Fprintf(bw, "  %s\n", e.Error())
			}
			fmt.Fprintln(bw)
		}
	}
	for _, fw := range r.Frameworks {
		counts := map[string]int{}
		for _, req := range fw.Requirements {
			counts[req.State]++
		}
		fmt.Fprintf(bw, "%s\n", paint(ansiBold, fmt.Sprintf("%s %s: %d pass, %d fail, %d manual, %d not covered",
			strings.ToUpper(fw.Title), fw.Version, counts[compliance.StatePass], counts[compliance.StateFail], counts[compliance.StateManual], counts[compliance.StateNotCovered])))
		for _, req := range fw.Requirements {
			if req.State == compliance.StateFail || req.State == compliance.StateNotCovered {
				fmt.Fprintf(bw, "  %-12s %-11s %s\n", req.ID, strings.ReplaceAll(req.State, "_", " "), req.Title)
			}
		}
		fmt.Fprintln(bw)
	}
	var parts []string
	for _, sev := range model.Severities() {
		if n := counts[sev.String()]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	summary := count(r.Resources, "resource", "resources") + ", " + count(len(fs), "finding", "findings")
	if len(parts) > 0 {
		summary += " (" + strings.Join(parts, ", ") + ")"
	}
	if len(falsePositives) > 0 {
		summary += fmt.Sprintf(", %d marked false positive", len(falsePositives))
	}
	if len(excepted) > 0 {
		summary += fmt.Sprintf(", %d excepted", len(excepted))
	}
	if n := len(r.Inconclusive); n > 0 {
		summary += ", " + count(n, "check", "checks") + " inconclusive (values unreadable or known only after deployment; listed in --format json)"
	}
	if r.Scan != nil {
		summary += "; scan " + r.Scan.Status
	}
	fmt.Fprintln(bw, paint(ansiBold, summary))
	return bw.Flush()
}

// riskLine says why a finding's risk is more than its severity: its
// score with the factor from the graph that adds most, and the attack
// path of a combination; "" when the graph adds nothing.
func riskLine(r *model.Risk) string {
	if r == nil {
		return ""
	}
	var top *model.RiskFactor
	for i, f := range r.Factors {
		switch f.Name {
		case "exposure", "privilege", "combination":
			if top == nil || f.Points > top.Points {
				top = &r.Factors[i]
			}
		}
	}
	if top == nil {
		return ""
	}
	return fmt.Sprintf("risk %d: %s: %s", r.Score, top.Name, top.Detail)
}
