package ruletest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
)

// labelFields are attribute keys that name a thing without deciding
// anything about it, keyed by the list whose elements carry them: a
// container's name, a port's name. Kubernetes lets most of them be
// absent (an ephemeral container patched in without one, a manifest cut
// short, a port never named), so a rule that prints one must still fire
// without it. Fields that select or match something (a volume's name,
// which its mounts refer to; an environment variable's name, which
// credential checks read) are not labels.
var labelFields = map[string][]string{
	"containers":           {"name"},
	"init_containers":      {"name"},
	"ephemeral_containers": {"name"},
	"ports":                {"name"},
	"credentials":          {"container"},
}

// withoutLabels evaluates a fail fixture again with every label field
// removed from its resources. It reports false when the fixture has no
// label field to remove.
func (r *Runner) withoutLabels(ctx context.Context, c Case, resources []*model.Resource, set *params.Set) (Case, bool) {
	stripped := make([]*model.Resource, 0, len(resources))
	removed := 0
	for _, res := range resources {
		cp := *res
		attrs, err := copyAttributes(res.Attributes)
		if err != nil {
			return Case{RuleID: c.RuleID, File: c.File, Want: c.Want, Message: fmt.Sprintf("copy attributes of %s: %v", res.ID, err)}, true
		}
		removed += dropLabels(attrs, "")
		cp.Attributes = attrs
		stripped = append(stripped, &cp)
	}
	if removed == 0 {
		return Case{}, false
	}
	lc := Case{RuleID: c.RuleID, File: c.File + " (label fields removed)", Want: "fail"}
	got, err := r.evaluate(ctx, stripped, c.RuleID, set)
	switch {
	case err != nil:
		lc.Message = err.Error()
	case len(got) == 0:
		lc.Message = "no finding once container and port names are absent: a rule must not depend on a field it only prints (use object.get with a fallback, or the entry names of data.vigil.lib.k8s.containers)"
	default:
		lc.Passed = true
	}
	return lc, true
}

// copyAttributes deep-copies attributes into plain JSON values, the
// shape rule input has, so the fixture's own resources stay untouched.
func copyAttributes(attrs map[string]any) (map[string]any, error) {
	b, err := json.Marshal(attrs)
	if err != nil {
		return nil, err
	}
	out := map[string]any{}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// dropLabels removes label fields under v, where v is the value of key
// parent, and returns how many it removed.
func dropLabels(v any, parent string) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			n += dropLabels(child, k)
		}
	case []any:
		keys := labelFields[parent]
		for _, el := range v {
			if m, ok := el.(map[string]any); ok {
				for _, k := range keys {
					if _, ok := m[k]; ok {
						delete(m, k)
						n++
					}
				}
			}
			n += dropLabels(el, "")
		}
	}
	return n
}
