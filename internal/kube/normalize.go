package kube

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// IaCAccount is the account of resources read from manifests: they
// belong to no cluster yet.
const IaCAccount = "manifests"

// lastApplied is kubectl's copy of the whole object, which for a Secret
// includes its data. It is never kept.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// UnsupportedKindError is returned for a well-formed object of a kind
// Vigil does not model (a CRD, say).
type UnsupportedKindError struct {
	APIVersion, Kind string
}

func (e *UnsupportedKindError) Error() string {
	return fmt.Sprintf("kind %s %s is not modelled by Vigil; it was not evaluated", e.APIVersion, e.Kind)
}

// ErrNotObject is returned for a document that is not a Kubernetes object.
var ErrNotObject = errors.New("not a Kubernetes object")

// Normalizer adapts decoded Kubernetes objects into resources. It is
// safe for concurrent use.
type Normalizer struct {
	cat *Catalog
	det *secrets.Detector
}

// NewNormalizer returns a normalizer over the catalog.
func NewNormalizer(cat *Catalog, det *secrets.Detector) *Normalizer {
	return &Normalizer{cat: cat, det: det}
}

// Catalog returns the normalizer's kind catalog.
func (n *Normalizer) Catalog() *Catalog { return n.cat }

// Normalize adapts obj (a decoded manifest or API object in its JSON
// shape) into a Resource of the given cluster (IaCAccount for manifests).
func (n *Normalizer) Normalize(obj map[string]any, cluster string, src model.Source) (*model.Resource, error) {
	return n.normalize(obj, cluster, src, false)
}

// NormalizeOwned is Normalize for an obj whose maps and slices nothing
// else holds or reads afterwards (no YAML alias shares them): they
// become the resource's attributes, rewritten in place instead of
// copied, which halves what a manifest costs to read.
func (n *Normalizer) NormalizeOwned(obj map[string]any, cluster string, src model.Source) (*model.Resource, error) {
	return n.normalize(obj, cluster, src, true)
}

func (n *Normalizer) normalize(obj map[string]any, cluster string, src model.Source, own bool) (*model.Resource, error) {
	apiVersion, _ := obj["apiVersion"].(string)
	kindName, _ := obj["kind"].(string)
	if apiVersion == "" || kindName == "" {
		return nil, fmt.Errorf("%w: apiVersion and kind must be non-empty strings", ErrNotObject)
	}
	k, ok := n.cat.Lookup(apiVersion, kindName)
	if !ok {
		return nil, &UnsupportedKindError{APIVersion: apiVersion, Kind: kindName}
	}
	meta, _ := obj["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	if name == "" {
		name, _ = meta["generateName"].(string)
	}
	if name == "" {
		return nil, fmt.Errorf("%w: %s has no metadata.name", ErrNotObject, kindName)
	}
	ns := ""
	if k.Namespaced {
		ns, _ = meta["namespace"].(string)
	}
	r := &model.Resource{
		ID:          ID(cluster, ns, k.Group, k.Kind, name),
		Type:        k.Type,
		Provider:    "k8s",
		Namespace:   ns,
		Name:        name,
		Kind:        k.Kind,
		Labels:      stringMap(meta["labels"]),
		Annotations: stringMap(meta["annotations"]),
		Source:      src,
	}
	if cluster != IaCAccount {
		r.Account = cluster
	}
	delete(r.Annotations, lastApplied)
	if src.Kind == model.SourceLive {
		r.Changed = changedAt(meta)
	}
	r.Attributes = n.attributes(k, obj, r, own)
	r.System = isSystem(r)
	r.Relations = relations(k, cluster, r, meta)
	return r, nil
}

// changedAt is when a live object last changed: the newest time of its
// managedFields (each field manager's last write), else its
// creationTimestamp; nil when it has neither. Manifests are not timed:
// a creationTimestamp copied into a file says nothing about the file.
func changedAt(meta map[string]any) *time.Time {
	var newest time.Time
	consider := func(v any) {
		s, _ := v.(string)
		if t, err := time.Parse(time.RFC3339, s); err == nil && t.After(newest) {
			newest = t
		}
	}
	consider(meta["creationTimestamp"])
	if mf, ok := meta["managedFields"].([]any); ok {
		for _, e := range mf {
			if m, ok := e.(map[string]any); ok {
				consider(m["time"])
			}
		}
	}
	if newest.IsZero() {
		return nil
	}
	newest = newest.UTC()
	return &newest
}

// ID returns the resource ID of a Kubernetes object.
func ID(cluster, namespace, group, kind, name string) string {
	if namespace == "" {
		namespace = "_"
	}
	if group == "" {
		group = "core"
	}
	return "k8s://" + cluster + "/" + namespace + "/" + group + "/" + kind + "/" + name
}

// GroupID is the ID of an RBAC group: not an object of the API, but the
// target of bindings and of the workloads whose pods belong to it.
func GroupID(cluster, name string) string {
	return ID(cluster, "", "rbac.authorization.k8s.io", "Group", name)
}

func stringMap(v any) map[string]string {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		switch s := v.(type) {
		case string:
			out[k] = s
		case nil:
			out[k] = ""
		default:
			out[k] = fmt.Sprint(s)
		}
	}
	return out
}

// attributes builds the snake_case attribute map of obj.
func (n *Normalizer) attributes(k Kind, obj map[string]any, r *model.Resource, own bool) map[string]any {
	sh := n.cat.shapes()
	attrs := map[string]any{}
	skip := map[string]bool{"apiVersion": true, "kind": true, "metadata": true, "status": true}
	switch k.Kind {
	case "Secret":
		attrs["data_keys"] = secretKeys(obj)
		skip["data"], skip["stringData"] = true, true
	case "ConfigMap":
		data, creds := n.configMapData(obj["data"])
		if data != nil {
			attrs["data"] = data
		}
		attrs["credentials"] = creds
		attrs["binary_data_keys"] = anyList(sortedKeys(obj["binaryData"]))
		skip["data"], skip["binaryData"] = true, true
	case "Node":
		if st, ok := obj["status"].(map[string]any); ok {
			if ni, ok := st["nodeInfo"]; ok {
				f, _ := sh.field(nodeStatusType, "nodeInfo")
				attrs["node_info"] = sh.convert(ni, f.typ, 0, own)
			}
		}
	}
	if k.Workload() {
		n.workload(k, obj, attrs, r, own)
		return attrs
	}
	for key, v := range obj {
		if skip[key] {
			continue
		}
		f, ok := sh.field(k.goType, key)
		if !ok {
			continue
		}
		if c := sh.convert(v, f.typ, 0, own); c != nil {
			attrs[f.snake] = c
		}
	}
	return attrs
}

// workload fills pod_spec, pod_metadata, spec (without the template) and
// credentials for kinds that run pods.
func (n *Normalizer) workload(k Kind, obj map[string]any, attrs map[string]any, r *model.Resource, own bool) {
	sh := n.cat.shapes()
	tmpl := obj
	for _, p := range k.podTemplate {
		next, _ := tmpl[p].(map[string]any)
		tmpl = next
	}
	var podSpec map[string]any
	if ps, ok := sh.convert(tmpl["spec"], podSpecType, 0, own).(map[string]any); ok {
		podSpec = ps
	} else {
		podSpec = map[string]any{}
	}
	attrs["pod_spec"] = podSpec
	tmeta, _ := tmpl["metadata"].(map[string]any)
	pm := map[string]any{}
	if l := stringMap(tmeta["labels"]); l != nil {
		pm["labels"] = anyMap(l)
	}
	if a := stringMap(tmeta["annotations"]); a != nil {
		delete(a, lastApplied)
		pm["annotations"] = anyMap(a)
	}
	attrs["pod_metadata"] = pm
	if k.Kind != "Pod" {
		// The spec without the pod template (converted above), or the
		// job template of a CronJob.
		f, _ := sh.field(k.goType, "spec")
		if spec, ok := sh.convertExcept(obj["spec"], f.typ, k.podTemplate[1], own).(map[string]any); ok {
			attrs["spec"] = spec
		}
	}
	attrs["credentials"] = n.envCredentials(podSpec)
}

// envCredentials finds and redacts credentials in literal env values.
func (n *Normalizer) envCredentials(podSpec map[string]any) []any {
	creds := []any{}
	for _, group := range []string{"init_containers", "containers", "ephemeral_containers"} {
		cs, _ := podSpec[group].([]any)
		for ci, c := range cs {
			cm, _ := c.(map[string]any)
			env, _ := cm["env"].([]any)
			for ei, e := range env {
				em, _ := e.(map[string]any)
				name, _ := em["name"].(string)
				val, ok := em["value"].(string)
				if !ok {
					continue
				}
				kind, found := n.det.Detect(name, val)
				if !found {
					continue
				}
				em["value"] = secrets.Redact(kind, val)
				cname, _ := cm["name"].(string)
				creds = append(creds, map[string]any{
					"path":      "pod_spec." + group + "[" + strconv.Itoa(ci) + "].env[" + strconv.Itoa(ei) + "].value",
					"kind":      kind,
					"key":       name,
					"container": cname,
					"redacted":  em["value"],
				})
			}
		}
	}
	return creds
}

// configMapData copies ConfigMap data, redacting credentials.
func (n *Normalizer) configMapData(v any) (map[string]any, []any) {
	creds := []any{}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, creds
	}
	out := make(map[string]any, len(m))
	for _, key := range sortedKeys(m) {
		val := fmt.Sprint(m[key])
		if kind, found := n.det.Detect(key, val); found {
			red := secrets.Redact(kind, val)
			out[key] = red
			creds = append(creds, map[string]any{"path": "data." + key, "kind": kind, "key": key, "container": "", "redacted": red})
			continue
		}
		out[key] = val
	}
	return out, creds
}

func secretKeys(obj map[string]any) []any {
	set := map[string]bool{}
	for _, f := range []string{"data", "stringData"} {
		if m, ok := obj[f].(map[string]any); ok {
			for k := range m {
				set[k] = true
			}
		}
	}
	return anyList(sortedKeys(anySet(set)))
}

func anySet(m map[string]bool) map[string]any {
	out := make(map[string]any, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

func anyMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortedKeys(v any) []string {
	m, _ := v.(map[string]any)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func anyList(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// systemComponents are the control-plane components' labels.
var systemComponents = map[string]bool{
	"kube-apiserver": true, "etcd": true, "kube-controller-manager": true, "kube-scheduler": true,
}

// isSystem reports whether r is one of Kubernetes' own bootstrap or
// control-plane objects, which users cannot change.
func isSystem(r *model.Resource) bool {
	if strings.HasPrefix(r.Name, "system:") {
		return true
	}
	if r.Labels["kubernetes.io/bootstrapping"] == "rbac-defaults" {
		return true
	}
	if r.Namespace == "kube-system" && (r.Labels["tier"] == "control-plane" || systemComponents[r.Labels["component"]]) {
		return true
	}
	if r.Type == "k8s.core.service" && r.Namespace == "default" && r.Name == "kubernetes" {
		return true
	}
	if r.Type == "k8s.core.config_map" && r.Name == "kube-root-ca.crt" {
		return true
	}
	return false
}

// relations derives the typed edges of r.
func relations(k Kind, cluster string, r *model.Resource, meta map[string]any) []model.Relation {
	var rels []model.Relation
	add := func(typ, target string) { rels = append(rels, model.Relation{Type: typ, Target: target}) }
	if r.Namespace != "" {
		add(model.RelInNamespace, ID(cluster, "", "", "Namespace", r.Namespace))
	}
	if refs, ok := meta["ownerReferences"].([]any); ok {
		for _, ref := range refs {
			m, _ := ref.(map[string]any)
			if c, _ := m["controller"].(bool); !c {
				continue
			}
			av, _ := m["apiVersion"].(string)
			kd, _ := m["kind"].(string)
			nm, _ := m["name"].(string)
			group, _, found := strings.Cut(av, "/")
			if !found {
				group = ""
			}
			add(model.RelControlledBy, ID(cluster, r.Namespace, group, kd, nm))
		}
	}
	a := r.Attributes
	switch {
	case k.Workload():
		ps, _ := a["pod_spec"].(map[string]any)
		sa, _ := ps["service_account_name"].(string)
		if sa == "" {
			sa, _ = ps["service_account"].(string)
		}
		if sa == "" {
			sa = "default"
		}
		saID := ID(cluster, r.Namespace, "", "ServiceAccount", sa)
		add(model.RelUsesServiceAcct, saID)
		add(model.RelRunsAs, saID)
		add(model.RelRunsAs, GroupID(cluster, "system:serviceaccounts"))
		add(model.RelRunsAs, GroupID(cluster, "system:serviceaccounts:"+r.Namespace))
	case k.Kind == "RoleBinding" || k.Kind == "ClusterRoleBinding":
		if ref, ok := a["role_ref"].(map[string]any); ok {
			kd, _ := ref["kind"].(string)
			nm, _ := ref["name"].(string)
			ns := r.Namespace
			if kd == "ClusterRole" {
				ns = ""
			}
			add(model.RelBindsRole, ID(cluster, ns, "rbac.authorization.k8s.io", kd, nm))
		}
		subs, _ := a["subjects"].([]any)
		for _, s := range subs {
			m, _ := s.(map[string]any)
			kd, _ := m["kind"].(string)
			nm, _ := m["name"].(string)
			switch kd {
			case "ServiceAccount":
				ns, _ := m["namespace"].(string)
				if ns == "" {
					ns = r.Namespace
				}
				add(model.RelBindsSubject, ID(cluster, ns, "", "ServiceAccount", nm))
			case "Group":
				add(model.RelBindsSubject, GroupID(cluster, nm))
			case "User":
				add(model.RelBindsSubject, ID(cluster, "", "rbac.authorization.k8s.io", "User", nm))
			}
		}
	}
	return rels
}
