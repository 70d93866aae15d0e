package helm

import (
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"
	"helm.sh/helm/v3/pkg/chart"
)

// resolveDependencies applies Chart.yaml's dependencies to the loaded
// chart tree as Helm does before rendering: aliases rename (copies of)
// subcharts, conditions and tags drop the disabled ones, then each
// chart's import-values are merged into its defaults, deepest first.
func resolveDependencies(ch *chart.Chart, user map[string]any) error {
	if err := enableDependencies(ch, user, ""); err != nil {
		return err
	}
	return importAll(ch)
}

// enableDependencies keeps the subcharts of ch that are enabled. vals
// are the values the conditions are read from, path the place of ch's
// section in them ("" for the root, "sub." for a subchart).
func enableDependencies(ch *chart.Chart, vals map[string]any, path string) error {
	reqs := ch.Metadata.Dependencies
	if reqs == nil {
		return nil
	}
	// Subcharts that no entry of Chart.yaml asks for stay as they are.
	var subs []*chart.Chart
	for _, sub := range ch.Dependencies() {
		if !requested(reqs, sub) {
			subs = append(subs, sub)
		}
	}
	for _, req := range reqs {
		if sub := instance(ch.Dependencies(), req); sub != nil {
			subs = append(subs, sub)
		}
		if req.Alias != "" {
			req.Name = req.Alias
		}
	}
	ch.SetDependencies(subs...)

	for _, req := range reqs {
		req.Enabled = true
	}
	cvals, err := coalesceChart(ch, vals, false)
	if err != nil {
		return err
	}
	applyTags(reqs, cvals)
	applyConditions(reqs, cvals, path)

	off := map[string]bool{}
	for _, req := range reqs {
		if !req.Enabled {
			off[req.Name] = true
		}
	}
	var keptSubs []*chart.Chart
	for _, sub := range ch.Dependencies() {
		if !off[sub.Metadata.Name] {
			keptSubs = append(keptSubs, sub)
		}
	}
	var keptReqs []*chart.Dependency
	for _, req := range reqs {
		if !off[req.Name] {
			keptReqs = append(keptReqs, req)
		}
	}
	for _, sub := range keptSubs {
		if err := enableDependencies(sub, cvals, path+sub.Metadata.Name+"."); err != nil {
			return err
		}
	}
	ch.Metadata.Dependencies = keptReqs
	ch.SetDependencies(keptSubs...)
	return nil
}

// requested says whether an entry of reqs names sub, at a version its
// range allows.
func requested(reqs []*chart.Dependency, sub *chart.Chart) bool {
	for _, req := range reqs {
		if sub.Name() == req.Name && versionAllowed(req.Version, sub.Metadata.Version) {
			return true
		}
	}
	return false
}

// instance is the subchart req asks for: a copy of the first of subs
// with its name and an allowed version, named by req's alias if any.
func instance(subs []*chart.Chart, req *chart.Dependency) *chart.Chart {
	for _, sub := range subs {
		if sub == nil || sub.Name() != req.Name || !versionAllowed(req.Version, sub.Metadata.Version) {
			continue
		}
		c := *sub
		md := *sub.Metadata
		c.Metadata = &md
		if req.Alias != "" {
			md.Name = req.Alias
		}
		return &c
	}
	return nil
}

// versionAllowed says whether version satisfies the semver range; an
// unparsable version or range allows nothing.
func versionAllowed(rng, version string) bool {
	v, err := semver.NewVersion(version)
	if err != nil {
		return false
	}
	c, err := semver.NewConstraint(rng)
	if err != nil {
		return false
	}
	return c.Check(v)
}

// applyTags sets Enabled from the top-level tags table: a dependency
// with a true tag is on, one whose tags are all false is off, one with
// no tag set is on. Values that are not booleans are ignored.
func applyTags(reqs []*chart.Dependency, vals values) {
	tags, err := vals.Table("tags")
	if err != nil {
		return
	}
	for _, req := range reqs {
		var anyTrue, anyFalse bool
		for _, tag := range req.Tags {
			if b, ok := tags[tag].(bool); ok {
				anyTrue = anyTrue || b
				anyFalse = anyFalse || !b
			}
		}
		req.Enabled = anyTrue || !anyFalse
	}
}

// applyConditions sets Enabled from the first comma-separated condition
// path (under path) that holds a boolean; conditions win over tags.
func applyConditions(reqs []*chart.Dependency, vals values, path string) {
	for _, req := range reqs {
		for _, cond := range strings.Split(strings.TrimSpace(req.Condition), ",") {
			if cond == "" {
				continue
			}
			v, err := vals.PathValue(path + cond)
			if b, ok := v.(bool); err == nil && ok {
				req.Enabled = b
				break
			}
		}
	}
}

// importAll processes import-values bottom-up: a subchart's imports are
// in its defaults before its parent imports from it.
func importAll(ch *chart.Chart) error {
	for _, sub := range ch.Dependencies() {
		if err := importAll(sub); err != nil {
			return err
		}
	}
	return importValues(ch)
}

// importValues merges what ch's dependencies export (import-values) into
// ch's defaults, under them: ch's own values win. An entry is either
// {child: path, parent: path}, or a name that reads the child's
// exports.<name> into ch's top level. Entries naming no table are
// skipped. Afterwards each entry reads as its {child, parent} form.
func importValues(ch *chart.Chart) error {
	if ch.Metadata.Dependencies == nil {
		return nil
	}
	merged, err := coalesceChart(ch, nil, true)
	if err != nil {
		return err
	}
	imported := map[string]any{}
	for _, req := range ch.Metadata.Dependencies {
		var normal []any
		for _, entry := range req.ImportValues {
			var child, parent string
			switch e := entry.(type) {
			case map[string]any:
				child, parent = fmt.Sprintf("%v", e["child"]), fmt.Sprintf("%v", e["parent"])
			case string:
				child, parent = "exports."+e, "."
			default:
				continue
			}
			normal = append(normal, map[string]string{"child": child, "parent": parent})
			table, err := merged.Table(req.Name + "." + child)
			if err != nil {
				continue
			}
			imported = compose(imported, nest(parent, table.AsMap()), true)
		}
		req.ImportValues = normal
	}
	ch.Values = compose(copyTable(merged), imported, true)
	return nil
}

// nest puts data at a dotted path ("." is the top).
func nest(path string, data map[string]any) map[string]any {
	if path == "." {
		return data
	}
	keys := strings.Split(path, ".")
	for i := len(keys) - 1; i >= 0; i-- {
		data = map[string]any{keys[i]: data}
	}
	return data
}
