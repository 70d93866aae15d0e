package findings

import (
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// ApplyInline marks a finding on an IaC resource excepted when one of
// the resource's inline exceptions (Source.Directives, read with its
// files) names its rule, or "*", and is written
//
//   - in the comment lines right above the resource block;
//   - on the resource block's first line;
//   - on the offending attribute's line (Evidence), or the line above it;
//   - in the comment lines right above a block that encloses that
//     attribute (a Terraform satellite resource, a CloudFormation
//     logical ID, a nested block);
//
// in the file that holds each of them: for a resource declared in a
// module, above the module call or in the module's files. The nearest
// comment wins. One whose until date has passed is attached as expired
// and leaves the finding open.
func ApplyInline(f *model.Finding, now time.Time) {
	r := f.Resource
	if r == nil || len(r.Source.Directives) == 0 || r.Source.Kind != model.SourceIaC || r.Source.File == "" || r.Source.Line <= 0 {
		return
	}
	evFile, ev := f.Evidence.File, f.Evidence.Line
	if evFile == "" && ev > 0 {
		evFile = r.Source.File
	}
	var places []place
	if d := r.Source.DefinedIn; d != nil {
		places = append(placesOf(r.Source.File, r.Source.Line, "", 0), placesOf(d.File, d.Line, evFile, ev)...)
	} else {
		places = placesOf(r.Source.File, r.Source.Line, evFile, ev)
	}
	for _, pl := range places {
		if d := pl.match(r.Source.Directives, f.RuleID); d != nil {
			ex := &model.Exception{Source: "inline", Reason: d.Reason, File: d.File, Line: d.Line, Expires: d.End}
			ex.Expired = d.End != nil && !now.Before(*d.End)
			f.Exception = ex
			if !ex.Expired {
				f.Status = model.StatusExcepted
			}
			return
		}
	}
}

// place is where an exception comment may sit: a file, with the line of
// the resource block in it and the line of the offending attribute (0
// when it is not in that file).
type place struct {
	file    string
	res, ev int
}

// placesOf returns the places for a resource block at file:res whose
// offending attribute was written at evFile:ev; evFile "" is file. An
// attribute set in another file (a Terraform override file, a satellite
// resource's) makes a place of its own there.
func placesOf(file string, res int, evFile string, ev int) []place {
	if evFile == "" || evFile == file {
		return []place{{file, res, ev}}
	}
	return []place{{file, res, 0}, {evFile, 0, ev}}
}

// match returns the directive of rule (or "*") that applies at the
// place, nearest first: the comments above the resource block (closest
// line first), the block's line, the attribute's line and the line above
// it, then the comments above each block enclosing the attribute
// (innermost first).
func (pl place) match(ds []model.Directive, rule string) *model.Directive {
	var above, at, enclosing []*model.Directive
	for i := range ds {
		d := &ds[i]
		if d.File != pl.file || (d.Rule != rule && d.Rule != "*") {
			continue
		}
		switch {
		case pl.res > 0 && d.Block == pl.res:
			above = append(above, d)
		case d.Line == pl.res || (pl.ev > 0 && (d.Line == pl.ev || d.Line == pl.ev-1)):
			at = append(at, d)
		case pl.ev > 0 && d.Block > 0 && d.Block < pl.ev && pl.ev <= d.BlockEnd:
			enclosing = append(enclosing, d)
		}
	}
	if len(above) > 0 {
		return nearest(above)
	}
	if len(at) > 0 {
		for _, ln := range []int{pl.res, pl.ev, pl.ev - 1} {
			for _, d := range at {
				if ln > 0 && d.Line == ln {
					return d
				}
			}
		}
	}
	if len(enclosing) > 0 {
		sort.SliceStable(enclosing, func(i, j int) bool {
			if enclosing[i].Block != enclosing[j].Block {
				return enclosing[i].Block > enclosing[j].Block
			}
			return enclosing[i].Line > enclosing[j].Line
		})
		return enclosing[0]
	}
	return nil
}

// nearest returns the directive written last (closest to the block).
func nearest(ds []*model.Directive) *model.Directive {
	best := ds[0]
	for _, d := range ds[1:] {
		if d.Line > best.Line {
			best = d
		}
	}
	return best
}
