package iac

import (
	"path/filepath"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Relative makes the scan name files relative to root, as a reader of
// its results knows them: a service scanning a checkout or an unpacked
// bundle reports "shop/deploy.yaml", not the directory it happened to
// be read from. Paths outside root are left as they are.
func (src *Source) Relative(root string) *Source {
	src.root = filepath.Clean(root)
	return src
}

// relative rewrites the file names of a scope under src.root in place.
func (src *Source) relative(sc *model.Scope) {
	if src.root == "" {
		return
	}
	rel := func(p string) string {
		if p == "" || p == StdinName {
			return p
		}
		r, err := filepath.Rel(src.root, p)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return p
		}
		return filepath.ToSlash(r)
	}
	if dir, ok := strings.CutPrefix(sc.Name, "iac "); ok {
		sc.Name = "iac " + rel(dir)
	}
	for _, rs := range [][]*model.Resource{sc.Resources, sc.References} {
		for _, r := range rs {
			s := &r.Source
			s.File = rel(s.File)
			if s.DefinedIn != nil {
				s.DefinedIn.File = rel(s.DefinedIn.File)
			}
			for k, f := range s.Files {
				s.Files[k] = rel(f)
			}
			for i := range s.Directives {
				s.Directives[i].File = rel(s.Directives[i].File)
			}
		}
	}
	for i := range sc.Coverage {
		c := &sc.Coverage[i]
		if kind, p, ok := strings.Cut(c.Scope, ":"); ok && (kind == "file" || kind == "chart") {
			c.Scope = kind + ":" + rel(p)
		}
	}
	for _, es := range [][]model.InputError{sc.Errors, sc.Warnings} {
		for i := range es {
			es[i].File = rel(es[i].File)
		}
	}
}
