package iac

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// ignoreRE matches an inline exception in a comment:
//
//	# vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>
//	// vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>
//
// The rule id may be "*" for every rule on that resource.
var ignoreRE = regexp.MustCompile(`(?:#|//)\s*vigil:ignore\s+(\S+)(?:\s+until\s+(\d{4}-\d{2}-\d{2}))?\s*(.*)$`)

// ApplyExceptions marks findings of scanned files that an inline
// vigil:ignore comment excepts: in the comment block right above the
// resource, or on (or right above) the offending attribute's line, in
// the file that sets it (Evidence.File, Source.Files). An
// exception without a reason is not honoured; one whose date has passed
// leaves the finding open and says so. It returns the problems found in
// exception comments (no reason), as input errors.
func (s *Scanner) ApplyExceptions(fs []model.Finding, now time.Time) []model.InputError {
	lines := map[string][][]byte{}
	get := func(file string) [][]byte {
		if l, ok := lines[file]; ok {
			return l
		}
		var data []byte
		if file == StdinName {
			data = s.stdin
		} else if b, err := os.ReadFile(file); err == nil {
			data = b
		}
		l := bytes.Split(data, []byte("\n"))
		lines[file] = l
		return l
	}
	var problems []model.InputError
	seen := map[string]bool{}
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
			src := get(pl.file)
			for _, ln := range candidateLines(src, pl.res, pl.ev) {
				m := ignoreRE.FindSubmatch(src[ln-1])
				if m == nil || (string(m[1]) != f.RuleID && string(m[1]) != "*") {
					continue
				}
				reason := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(m[3])), ":"))
				if reason == "" {
					key := pl.file + ":" + strconv.Itoa(ln)
					if !seen[key] {
						seen[key] = true
						problems = append(problems, model.InputError{File: pl.file, Line: ln,
							Message: "vigil:ignore without a reason is not honoured; write why the risk is accepted after the rule id"})
					}
					continue
				}
				ex := &model.Exception{Source: "inline", Reason: reason, File: pl.file, Line: ln}
				if len(m[2]) > 0 {
					if t, err := time.Parse("2006-01-02", string(m[2])); err == nil {
						end := t.Add(24 * time.Hour) // valid through the given day
						ex.Expires = &end
						ex.Expired = !now.Before(end)
					}
				}
				f.Exception = ex
				if !ex.Expired {
					f.Status = model.StatusExcepted
				}
				break
			}
		}
	}
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
