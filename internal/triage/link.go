package triage

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Link ties the live findings among fs to the IaC resources that declare
// their resources, and marks the IaC findings of fs that repeat a live
// one, judging by every finding in known (the store's findings: those
// fs was filtered from, fs included or not).
func Link(fs, known []model.Finding, cfg *config.Config) {
	l := links(known, cfg.Links)
	for i := range fs {
		f := &fs[i]
		decl, dupOf, dups := l.declared[f.Fingerprint], l.duplicateOf[f.Fingerprint], l.duplicates[f.Fingerprint]
		if f.Triage == nil {
			if decl == nil && dupOf == "" {
				continue
			}
			f.Triage = &model.Triage{}
		}
		f.Triage.DeclaredIn, f.Triage.DuplicateOf, f.Triage.Duplicates = decl, dupOf, dups
	}
}

// linked is what Link found, by fingerprint.
type linked struct {
	declared    map[string]*model.Declaration
	duplicateOf map[string]string
	duplicates  map[string][]string
}

func links(known []model.Finding, cfg config.Links) linked {
	out := linked{declared: map[string]*model.Declaration{}, duplicateOf: map[string]string{}, duplicates: map[string][]string{}}
	// The resources on each side, once each, with their findings.
	type side struct {
		res      map[string]*model.Resource
		findings map[string][]*model.Finding
	}
	live := side{map[string]*model.Resource{}, map[string][]*model.Finding{}}
	iac := side{map[string]*model.Resource{}, map[string][]*model.Finding{}}
	for i := range known {
		f := &known[i]
		r := f.Resource
		if r == nil || r.ID == "" {
			continue
		}
		s := &live
		switch r.Source.Kind {
		case model.SourceLive:
		case model.SourceIaC:
			s = &iac
		default:
			continue
		}
		s.res[r.ID] = r
		s.findings[r.ID] = append(s.findings[r.ID], f)
	}
	if len(live.res) == 0 || len(iac.res) == 0 {
		return out
	}
	byAddress := map[string][]*model.Resource{}
	byName := map[string][]*model.Resource{}
	for _, r := range sorted(iac.res) {
		if r.Source.Address != "" {
			byAddress[r.Type+"\x00"+r.Source.Address] = append(byAddress[r.Type+"\x00"+r.Source.Address], r)
		}
		if k := nameKey(r, cfg.ManifestNamespace); k != "" {
			byName[k] = append(byName[k], r)
		}
	}
	liveByName := map[string]int{}
	for _, r := range live.res {
		if k := nameKey(r, ""); k != "" {
			liveByName[k]++
		}
	}
	for _, r := range sorted(live.res) {
		d, by := declaring(r, cfg, byAddress)
		if d == nil && cfg.ByName {
			if k := nameKey(r, ""); k != "" && liveByName[k] == 1 && len(byName[k]) == 1 {
				d, by = byName[k][0], "name"
			}
		}
		if d == nil {
			continue
		}
		decl := &model.Declaration{ResourceID: d.ID, File: d.Source.File, Line: d.Source.Line, Address: d.Source.Address, By: by}
		for _, lf := range live.findings[r.ID] {
			out.declared[lf.Fingerprint] = decl
			if lf.Status == model.StatusResolved {
				continue
			}
			for _, df := range iac.findings[d.ID] {
				if df.RuleID != lf.RuleID || df.Status == model.StatusResolved {
					continue
				}
				out.duplicateOf[df.Fingerprint] = lf.Fingerprint
				out.duplicates[lf.Fingerprint] = append(out.duplicates[lf.Fingerprint], df.Fingerprint)
			}
		}
	}
	return out
}

// declaring finds the IaC resource a live resource's address tag names:
// one of the same type whose address (and file, for file#address) it
// is. Several candidates name none.
func declaring(r *model.Resource, cfg config.Links, byAddress map[string][]*model.Resource) (*model.Resource, string) {
	for _, key := range cfg.AddressTagKeys {
		v := strings.TrimSpace(config.Tag(r, key))
		if v == "" {
			continue
		}
		file, addr := "", v
		if i := strings.LastIndex(v, "#"); i >= 0 {
			file, addr = v[:i], v[i+1:]
		}
		var match []*model.Resource
		for _, c := range byAddress[r.Type+"\x00"+addr] {
			if file == "" || sameFile(c.Source.File, file) {
				match = append(match, c)
			}
		}
		if len(match) == 1 {
			return match[0], "tag " + key
		}
	}
	return nil, ""
}

// sameFile reports whether path is file, or ends with it at a directory
// boundary (a tag names the file relative to the repository; a scan
// records the path it was given).
func sameFile(path, file string) bool {
	path, file = filepath.ToSlash(filepath.Clean(path)), strings.TrimPrefix(filepath.ToSlash(filepath.Clean(file)), "./")
	return path == file || strings.HasSuffix(path, "/"+file)
}

// nameKey is what a resource is matched by name on: its type, and for
// Kubernetes its namespace (a manifest's missing one is manifestNS),
// and its name. A cloud IaC resource whose name is its address or the
// address's last label has none: that is what it is called when its
// name is not written or known before apply (a CloudFormation logical
// ID, a Terraform block label), so a live resource of that name may
// well be another.
func nameKey(r *model.Resource, manifestNS string) string {
	if r.Name == "" {
		return ""
	}
	if r.Source.Kind == model.SourceIaC && r.Provider != "k8s" {
		a := r.Source.Address
		if r.Name == a || strings.HasSuffix(a, "."+r.Name) {
			return ""
		}
	}
	ns := ""
	if r.Provider == "k8s" {
		ns = r.Namespace
		if ns == "" && r.Source.Kind == model.SourceIaC && !clusterScoped(r) {
			ns = manifestNS
		}
	}
	return r.Type + "\x00" + ns + "\x00" + r.Name
}

// clusterScoped reports whether a Kubernetes resource has no namespace
// by its kind: its ID has "_" where the namespace goes.
func clusterScoped(r *model.Resource) bool {
	rest, ok := strings.CutPrefix(r.ID, "k8s://")
	if !ok {
		return false
	}
	parts := strings.SplitN(rest, "/", 3)
	return len(parts) > 1 && parts[1] == "_"
}

func sorted(m map[string]*model.Resource) []*model.Resource {
	out := make([]*model.Resource, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
