package awsadapt

import (
	"path/filepath"
	"slices"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// Index finds instances by type and address.
type Index struct {
	byType    map[string][]*cloudres.Instance
	byAddress map[string]*cloudres.Instance
	// links indexes, per satellite type and linking attribute, which
	// instances point at which target (by address) or name (by value),
	// so merging split resources stays linear in the scan's size.
	links map[[2]string]*linkIndex
	pos   map[*cloudres.Instance]int // position in the scan
	// claims records the satellite attributes adapters matched to a
	// main resource; the satellites left are orphans.
	claims map[claimKey]bool
	// account is Options.AccountID.
	account string
	// detector finds credentials in configuration values; see secrets.
	detector *secrets.Detector
}

type linkIndex struct {
	byTarget map[*cloudres.Instance][]*cloudres.Instance
	byValue  map[string][]*cloudres.Instance // scope + "\x00" + value
}

// newIndex indexes instances by type and address.
func newIndex(instances []cloudres.Instance) *Index {
	ix := &Index{byType: map[string][]*cloudres.Instance{}, byAddress: map[string]*cloudres.Instance{}, links: map[[2]string]*linkIndex{}, pos: map[*cloudres.Instance]int{}, claims: map[claimKey]bool{}}
	for i := range instances {
		in := &instances[i]
		ix.byType[in.Type] = append(ix.byType[in.Type], in)
		ix.pos[in] = i
		ix.byAddress[scopeKey(in)+"#"+in.Address] = in
	}
	return ix
}

// secrets returns the credential detector, made when an adapter needs
// it.
func (ix *Index) secrets() *secrets.Detector {
	if ix.detector == nil {
		ix.detector = secrets.New()
	}
	return ix.detector
}

// OfType returns the instances of a source type.
func (ix *Index) OfType(t string) []*cloudres.Instance { return ix.byType[t] }

// inScope returns the instances of type t in the scope of of.
func (ix *Index) inScope(t string, of *cloudres.Instance) []*cloudres.Instance {
	var out []*cloudres.Instance
	for _, in := range ix.OfType(t) {
		if scopeKey(in) == scopeKey(of) {
			out = append(out, in)
		}
	}
	return out
}

// Resolve returns the instance a Ref value points to, in the same scope
// (Terraform root or CloudFormation template) as from.
func (ix *Index) Resolve(from *cloudres.Instance, v any) (*cloudres.Instance, bool) {
	r, ok := v.(cloudres.Ref)
	if !ok {
		return nil, false
	}
	in, ok := ix.byAddress[scopeKey(from)+"#"+r.Address]
	return in, ok
}

// Satellites returns the instances of type t whose attribute attr links
// them to target: a Ref to target's address, or a known value equal to
// one of target's identifying values (e.g. the bucket name).
func (ix *Index) Satellites(t, attr string, target *cloudres.Instance, ids ...string) []*cloudres.Instance {
	li := ix.link(t, attr)
	out := append([]*cloudres.Instance(nil), li.byTarget[target]...)
	scope := scopeKey(target)
	for _, id := range ids {
		if id == "" {
			continue
		}
		for _, in := range li.byValue[scope+"\x00"+id] {
			if !slices.Contains(out, in) {
				out = append(out, in)
			}
		}
	}
	// Keep the source order, as a scan over the type would.
	slices.SortFunc(out, func(a, b *cloudres.Instance) int { return ix.pos[a] - ix.pos[b] })
	for _, in := range out {
		ix.claim(in, attr)
	}
	return out
}

// link returns the index of the instances of type t by where their
// attribute attr points, building it on first use.
func (ix *Index) link(t, attr string) *linkIndex {
	key := [2]string{t, attr}
	if li, ok := ix.links[key]; ok {
		return li
	}
	li := &linkIndex{byTarget: map[*cloudres.Instance][]*cloudres.Instance{}, byValue: map[string][]*cloudres.Instance{}}
	for _, in := range ix.byType[t] {
		v, ok := in.Get(attr)
		if !ok {
			continue
		}
		if to, ok := ix.Resolve(in, v); ok {
			li.byTarget[to] = append(li.byTarget[to], in)
			continue
		}
		if s, ok := v.(string); ok && s != "" {
			k := scopeKey(in) + "\x00" + s
			li.byValue[k] = append(li.byValue[k], in)
		}
	}
	ix.links[key] = li
	return li
}

// linkState tells how a satellite's link attribute points: at target,
// elsewhere, or nowhere known (Unknown, or a Ref that does not resolve).
type linkState int

const (
	linkOther linkState = iota
	linkTarget
	linkUnknown
)

// linkOf tells how sat's attribute attr points at target (a Ref to it,
// or a known value equal to one of ids) and claims sat when it does.
func (ix *Index) linkOf(sat *cloudres.Instance, attr string, target *cloudres.Instance, ids ...string) linkState {
	v, ok := sat.Get(attr)
	if !ok || v == nil {
		return linkOther
	}
	switch x := v.(type) {
	case cloudres.Unknown:
		return linkUnknown
	case cloudres.Ref:
		to, ok := ix.Resolve(sat, x)
		if !ok {
			return linkUnknown
		}
		if to == target {
			ix.claim(sat, attr)
			return linkTarget
		}
		return linkOther
	case string:
		for _, id := range ids {
			if id != "" && x == id {
				ix.claim(sat, attr)
				return linkTarget
			}
		}
	}
	return linkOther
}

// refersTo reports whether v (a Ref, a known string, or a list of them)
// designates target: a Ref to its address or a string equal to one of
// its identifying values.
func refersTo(ix *Index, from *cloudres.Instance, v any, target *cloudres.Instance, ids ...string) bool {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if refersTo(ix, from, e, target, ids...) {
				return true
			}
		}
	case cloudres.Ref:
		to, ok := ix.Resolve(from, x)
		return ok && to == target
	case string:
		for _, id := range ids {
			if id != "" && x == id {
				return true
			}
		}
	}
	return false
}

// linked returns the instances of type t in target's scope whose attr
// (a value or a list) designates target.
func linked(ix *Index, t, attr string, target *cloudres.Instance, ids ...string) []*cloudres.Instance {
	var out []*cloudres.Instance
	for _, in := range ix.OfType(t) {
		if scopeKey(in) != scopeKey(target) {
			continue
		}
		if v, ok := in.Get(attr); ok && refersTo(ix, in, v, target, ids...) {
			ix.claim(in, attr)
			out = append(out, in)
		}
	}
	return out
}

// scopeKey is the evaluation unit an instance belongs to: the Terraform
// root module directory, or the template, plan or state file.
func scopeKey(in *cloudres.Instance) string {
	if in.Source != cloudres.Terraform {
		return in.File
	}
	if in.CallFile != "" {
		return filepath.Dir(in.CallFile)
	}
	return filepath.Dir(in.File)
}

// ID is the resource ID of an IaC resource: unique per scope and address.
func ID(in *cloudres.Instance) string { return "iac:" + scopeKey(in) + "#" + in.Address }
