package iac

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/vigil-cspm/vigil/internal/model"
)

// ignoreSyntax is the form of an inline exception, in error messages.
const ignoreSyntax = "# vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>"

// ignoreMarker is what a line must contain to hold an inline exception.
var ignoreMarker = []byte("vigil:ignore")

// ignoreRE finds an inline exception in a comment, "#" or "//" (at the
// start of a line or after a space), and captures what follows it:
//
//	# vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>
//	// vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>
//
// The rule id may be "*" for every rule on that resource.
var ignoreRE = regexp.MustCompile(`(?:^|\s)(?:#|//)\s*vigil:ignore(?:\s+(.*))?$`)

// ignore is one well-formed inline exception.
type ignore struct {
	rule   string
	reason string
	end    *time.Time // the day after the until date; nil without one
}

// parseIgnore reads the inline exception on line, if any (found). A
// malformed one — no rule id, a rule id known rejects, until without a
// date YYYY-MM-DD, no reason — has a problem saying what is wrong and
// the right syntax, and excepts nothing. known nil accepts any rule id.
func parseIgnore(line []byte, known func(string) bool) (ig ignore, problem string, found bool) {
	if !bytes.Contains(line, ignoreMarker) {
		return ignore{}, "", false
	}
	m := ignoreRE.FindSubmatch(line)
	if m == nil {
		return ignore{}, "", false
	}
	bad := func(what string) (ignore, string, bool) {
		return ignore{}, "vigil:ignore " + what + ", so it excepts nothing; write: " + ignoreSyntax, true
	}
	rule, rest := firstWord(string(m[1]))
	ig.rule = strings.TrimSuffix(rule, ":") // "<rule-id>: <reason>" reads naturally
	switch {
	case ig.rule == "":
		return bad("names no rule")
	case ig.rule != "*" && known != nil && !known(ig.rule):
		return bad(fmt.Sprintf("names rule %q, which the loaded library does not have (see vigil rules list)", ig.rule))
	}
	if word, after := firstWord(rest); word == "until" {
		date, after := firstWord(after)
		t, err := time.Parse("2006-01-02", date)
		if err != nil {
			return bad(fmt.Sprintf("has until %q, which is not a date YYYY-MM-DD", date))
		}
		end := t.AddDate(0, 0, 1) // valid through the given day
		ig.end, rest = &end, after
	}
	ig.reason = strings.TrimSpace(strings.TrimPrefix(rest, ":"))
	if ig.reason == "" {
		return bad("gives no reason (why the risk is accepted)")
	}
	return ig, "", true
}

// firstWord splits s, trimmed, at its first space.
func firstWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// Directives reads the inline exceptions of one file's content: each
// well-formed one with the block it is written above (see
// model.Directive), and each malformed one as an input error at its
// line, excepting nothing. known tells the rule ids of the loaded
// library; nil accepts any.
func Directives(file string, data []byte, known func(ruleID string) bool) ([]model.Directive, []model.InputError) {
	if !bytes.Contains(data, ignoreMarker) {
		return nil, nil
	}
	lines := bytes.Split(data, []byte("\n"))
	var out []model.Directive
	var problems []model.InputError
	for i, l := range lines {
		ig, problem, found := parseIgnore(l, known)
		switch {
		case problem != "":
			problems = append(problems, model.InputError{File: file, Line: i + 1, Message: problem})
		case found:
			d := model.Directive{Rule: ig.rule, Reason: ig.reason, End: ig.end, File: file, Line: i + 1}
			if isComment(l) {
				d.Block, d.BlockEnd = blockBelow(lines, i+1)
			}
			out = append(out, d)
		}
	}
	return out, problems
}

// isComment reports whether a line is a comment only.
func isComment(l []byte) bool {
	t := bytes.TrimSpace(l)
	return bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("//"))
}

// blockBelow returns the first line after the run of comment lines that
// holds line (1-based) and, judged by indentation, the last line of the
// block starting there: the last of the lines below it indented deeper
// (blank and comment lines aside) before one that is not. It returns 0, 0 when the run is followed by a
// blank line or the end of the file.
func blockBelow(lines [][]byte, line int) (start, end int) {
	start = line + 1
	for start <= len(lines) && isComment(lines[start-1]) {
		start++
	}
	if start > len(lines) || len(bytes.TrimSpace(lines[start-1])) == 0 {
		return 0, 0
	}
	indent := indentOf(lines[start-1])
	end = start
	for ln := start + 1; ln <= len(lines); ln++ {
		l := lines[ln-1]
		if len(bytes.TrimSpace(l)) == 0 || isComment(l) {
			continue
		}
		if indentOf(l) <= indent {
			break
		}
		end = ln
	}
	return start, end
}

func indentOf(l []byte) int { return len(l) - len(bytes.TrimLeft(l, " \t")) }

// RequireExpiry turns the directives without an until date into input
// errors that except nothing (vigil.yaml's exceptions.require_expiry),
// for scans and for vigil exceptions check alike.
func RequireExpiry(ds []model.Directive, problems []model.InputError) ([]model.Directive, []model.InputError) {
	kept := ds[:0:0]
	for _, d := range ds {
		if d.End == nil {
			problems = append(problems, model.InputError{File: d.File, Line: d.Line, Message: "vigil:ignore " + d.Rule +
				" has no until date, which vigil.yaml's exceptions.require_expiry demands, so it excepts nothing; write: " + ignoreSyntax})
			continue
		}
		kept = append(kept, d)
	}
	return kept, problems
}
