package iac

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"sort"
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

// commentFile is a file read for inline exceptions: its lines and the
// well-formed exceptions on them, by line.
type commentFile struct {
	lines   [][]byte
	ignores map[int]ignore
}

// ApplyExceptions marks findings of scanned files that an inline
// vigil:ignore comment excepts: in the comment block right above the
// resource, or on (or right above) the offending attribute's line, in
// the file that sets it (Evidence.File, Source.Files). One whose date
// has passed leaves the finding open and says so.
//
// Every file the last Scan read resources from, and every file an
// exception is looked for in, is checked for malformed exceptions (see
// parseIgnore): they are returned as input errors with their file and
// line, and except nothing. known tells the rule ids of the loaded
// library; nil accepts any.
func (s *Scanner) ApplyExceptions(fs []model.Finding, known func(ruleID string) bool, now time.Time) []model.InputError {
	var problems []model.InputError
	files := map[string]*commentFile{}
	get := func(name string) *commentFile {
		if cf, ok := files[name]; ok {
			return cf
		}
		var data []byte
		if name == StdinName {
			data = s.stdin
		} else if b, err := os.ReadFile(name); err == nil {
			data = b
		}
		cf := &commentFile{lines: bytes.Split(data, []byte("\n")), ignores: map[int]ignore{}}
		if bytes.Contains(data, ignoreMarker) {
			for i, l := range cf.lines {
				switch ig, problem, found := parseIgnore(l, known); {
				case problem != "":
					problems = append(problems, model.InputError{File: name, Line: i + 1, Message: problem})
				case found:
					cf.ignores[i+1] = ig
				}
			}
		}
		files[name] = cf
		return cf
	}
	for _, name := range s.exceptionFiles {
		get(name)
	}
	for i := range fs {
		f := &fs[i]
		r := f.Resource
		if r == nil || r.Source.Kind != model.SourceIaC || r.Source.File == "" || r.Source.Line <= 0 {
			continue
		}
		evFile, ev := f.Evidence.File, f.Evidence.Line
		if evFile == "" && ev > 0 {
			evFile = r.Source.File
		}
		var places []place
		if d := r.Source.DefinedIn; d != nil {
			// Inside a module: above the module call, or in the module's
			// files, where the block and the evidence are.
			places = append(placesOf(r.Source.File, r.Source.Line, "", 0), placesOf(d.File, d.Line, evFile, ev)...)
		} else {
			places = placesOf(r.Source.File, r.Source.Line, evFile, ev)
		}
		for _, pl := range places {
			if f.Exception != nil {
				break
			}
			cf := get(pl.file)
			for _, ln := range candidateLines(cf.lines, pl.res, pl.ev) {
				ig, ok := cf.ignores[ln]
				if !ok || (ig.rule != f.RuleID && ig.rule != "*") {
					continue
				}
				ex := &model.Exception{Source: "inline", Reason: ig.reason, File: pl.file, Line: ln, Expires: ig.end}
				ex.Expired = ig.end != nil && !now.Before(*ig.end)
				f.Exception = ex
				if !ex.Expired {
					f.Status = model.StatusExcepted
				}
				break
			}
		}
	}
	sort.SliceStable(problems, func(i, j int) bool {
		if problems[i].File != problems[j].File {
			return problems[i].File < problems[j].File
		}
		return problems[i].Line < problems[j].Line
	})
	return problems
}

// place is where an exception comment may sit: a file, with the line
// of the resource block in it and the line of the offending attribute
// (0 when it is not in that file).
type place struct {
	file    string
	res, ev int
}

// placesOf returns the places for a resource block at file:res whose
// offending attribute was written at evFile:ev; evFile "" is file. An
// attribute set in another file (a Terraform override file, a satellite
// resource's) makes a place of its own there, the comment block above
// the block enclosing it included.
func placesOf(file string, res int, evFile string, ev int) []place {
	if evFile == "" || evFile == file {
		return []place{{file, res, ev}}
	}
	return []place{{file, res, 0}, {evFile, 0, ev}}
}

// candidateLines are the lines an exception for a finding may sit on:
// the comment block right above the resource; the evidence line, the
// line above it, and the comment block above each block that encloses
// it (a Terraform satellite resource such as aws_s3_bucket_policy, a
// CloudFormation resource's logical ID). Lines are 1-based and in range.
func candidateLines(src [][]byte, resLine, evLine int) []int {
	var out []int
	out = append(out, commentsAbove(src, resLine)...)
	for _, ln := range []int{resLine, evLine, evLine - 1} {
		if ln >= 1 && ln <= len(src) {
			out = append(out, ln)
		}
	}
	for _, anc := range enclosing(src, evLine) {
		out = append(out, commentsAbove(src, anc)...)
	}
	return out
}

// commentsAbove returns the contiguous comment lines right above line.
func commentsAbove(src [][]byte, line int) []int {
	var out []int
	for ln := line - 1; ln >= 1 && ln <= len(src); ln-- {
		t := bytes.TrimSpace(src[ln-1])
		if !bytes.HasPrefix(t, []byte("#")) && !bytes.HasPrefix(t, []byte("//")) {
			break
		}
		out = append(out, ln)
	}
	return out
}

// enclosing returns the lines of the blocks that enclose line, judged by
// indentation (innermost first), down to the first unindented one.
func enclosing(src [][]byte, line int) []int {
	if line < 1 || line > len(src) {
		return nil
	}
	indent := indentOf(src[line-1])
	var out []int
	for ln := line - 1; ln >= 1 && indent > 0; ln-- {
		t := bytes.TrimSpace(src[ln-1])
		if len(t) == 0 || bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("//")) {
			continue
		}
		if in := indentOf(src[ln-1]); in < indent {
			out = append(out, ln)
			indent = in
		}
	}
	return out
}

func indentOf(l []byte) int { return len(l) - len(bytes.TrimLeft(l, " \t")) }
