package model

import (
	"strconv"
	"strings"
	"time"
)

// Source kinds: where a Resource was read from.
const (
	SourceLive      = "live"
	SourceIaC       = "iac"
	SourceAdmission = "admission"
)

// Resource is one normalized object of the inventory. Rules see its JSON
// form (see Input) and nothing else.
type Resource struct {
	// ID is stable and globally unique: k8s://<cluster>/<namespace|->/<group>/<kind>/<name>
	// for live Kubernetes objects, iac:<file>#<namespace|->/<group>/<kind>/<name> for manifests.
	ID string `json:"id"`
	// Type is <provider>.<service>.<kind> in snake_case, e.g. k8s.apps.deployment.
	Type string `json:"type"`
	// Provider is the first segment of Type: k8s, aws, gcp, azure.
	Provider string `json:"provider"`
	// Account is the AWS account, GCP project, Azure subscription or
	// Kubernetes cluster name. Empty for IaC.
	Account string `json:"account,omitempty"`
	// Region is the cloud region; empty for Kubernetes.
	Region string `json:"region,omitempty"`
	// Namespace is the Kubernetes namespace; empty for cluster-scoped
	// objects and for manifests that do not set one.
	Namespace string `json:"namespace,omitempty"`
	// Name is the object's name.
	Name string `json:"name"`
	// Kind is the source's own kind name (Deployment, AWS::S3::Bucket …).
	Kind string `json:"kind,omitempty"`
	// Labels are tags or labels.
	Labels map[string]string `json:"labels,omitempty"`
	// Annotations are Kubernetes annotations (never last-applied-configuration).
	Annotations map[string]string `json:"annotations,omitempty"`
	// Attributes is the provider's shape with snake_case keys, described by
	// the type's JSON Schema under schemas/.
	Attributes map[string]any `json:"attributes"`
	// System marks objects the platform itself creates and users cannot
	// change (system: RBAC, kube-system control plane). Hidden by default.
	System bool `json:"system,omitempty"`
	// Source says where the resource was read.
	Source Source `json:"source"`
	// Relations are typed edges to other resources' IDs.
	Relations []Relation `json:"relations,omitempty"`
	// Changed is when the resource was created or last changed, where a
	// live source says (a Kubernetes object's newest managedFields time
	// or creationTimestamp, an AWS resource's creation or launch time);
	// nil otherwise, and always for IaC. Rules never see it (Input): it
	// measures how long a misconfiguration went undetected.
	Changed *time.Time `json:"changed_at,omitempty"`
}

// Identity returns what names r, its labels (exceptions select by them),
// when it last changed and where it was read — no attributes, relations,
// annotations, locator or inline exceptions — for a finding to carry
// once r itself is freed.
func (r *Resource) Identity() *Resource {
	src := r.Source
	src.Locator, src.Directives = nil, nil
	return &Resource{ID: r.ID, Type: r.Type, Provider: r.Provider, Account: r.Account, Region: r.Region,
		Namespace: r.Namespace, Name: r.Name, Kind: r.Kind, Labels: r.Labels, System: r.System, Source: src, Changed: r.Changed}
}

// Source locates a resource in what it was read from.
type Source struct {
	Kind    string `json:"kind"`
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Address string `json:"address,omitempty"`
	// Lines maps attribute paths of the model ("versioning.mfa_delete")
	// to the source line that set them, for cloud IaC resources whose
	// model shape differs from the source's. For a resource declared in a
	// module they are lines of DefinedIn's file.
	Lines map[string]int `json:"lines,omitempty"`
	// Files maps the paths of Lines whose line is in another file than
	// the one Lines are otherwise in (File, or DefinedIn's) to that file:
	// an attribute set by a Terraform override file, or by a satellite
	// resource declared in another file.
	Files map[string]string `json:"files,omitempty"`
	// DefinedIn locates the resource block inside a module when File and
	// Line are the module call that instantiates it.
	DefinedIn *Location `json:"defined_in,omitempty"`
	// Locator, when set, finds attribute paths in what the resource was
	// read from (a manifest's YAML). Set when the resource is parsed;
	// never stored.
	Locator Locator `json:"-"`
	// Directives are the inline exceptions written in the files the
	// resource was read from (its own, its module's, those that set some
	// of its attributes). Set when the files are read; never stored.
	Directives []Directive `json:"-"`
}

// Evidence returns where an attribute path is written: file "" is the
// resource's own file (File), line 0 that it cannot tell. Resources
// read from a file are located by their Locator, or by Lines and Files
// (cloud IaC, whose model shape differs from the source's): an
// attribute no line was recorded for is located at its resource block.
func (s *Source) Evidence(path string) (file string, line int) {
	switch {
	case s.Locator != nil:
		return s.Locator.Locate(path)
	case len(s.Lines) == 0:
		return "", 0
	}
	f, l, ok := s.AttrAt(path)
	if !ok {
		if d := s.DefinedIn; d != nil {
			f, l = d.File, d.Line
		} else {
			f, l = s.File, s.Line
		}
	}
	if f == s.File {
		f = ""
	}
	return f, l
}

// AttrAt returns where the model attribute path ("ip_permissions[0]",
// "versioning.mfa_delete") or its nearest recorded parent was written,
// from Lines and Files; ok is false when none is recorded.
func (s *Source) AttrAt(path string) (file string, line int, ok bool) {
	p := strings.ReplaceAll(strings.ReplaceAll(path, "[", "."), "]", "")
	for p != "" {
		if l, has := s.Lines[p]; has {
			switch f, other := s.Files[p]; {
			case other:
				return f, l, true
			case s.DefinedIn != nil:
				return s.DefinedIn.File, l, true
			}
			return s.File, l, true
		}
		i := strings.LastIndex(p, ".")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return "", 0, false
}

// Location is a place in a file.
type Location struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
}

// Relation is a typed edge from one resource to another.
type Relation struct {
	Type   string `json:"type"`
	Target string `json:"target"`
}

// Relation types.
const (
	RelInNamespace     = "in_namespace"
	RelControlledBy    = "controlled_by"
	RelUsesServiceAcct = "uses_service_account"
	RelBindsRole       = "binds_role"
	RelBindsSubject    = "binds_subject"
	// RelRunsAs links a workload to every RBAC subject its pods act as:
	// its service account and the service-account groups it belongs to.
	RelRunsAs           = "runs_as"
	RelSelectsNamespace = "applies_to_namespace"
)

// Input returns the document rules evaluate: everything but Source and
// Relations, which rules must not depend on.
func (r *Resource) Input() map[string]any {
	in := map[string]any{
		"id":         r.ID,
		"type":       r.Type,
		"provider":   r.Provider,
		"account":    r.Account,
		"region":     r.Region,
		"namespace":  r.Namespace,
		"name":       r.Name,
		"kind":       r.Kind,
		"system":     r.System,
		"attributes": r.Attributes,
	}
	// Labels and annotations go in as they are: rule input accepts a
	// map[string]string, and copying them into a map[string]any boxed
	// every value, for every resource evaluated.
	in["labels"] = orEmpty(r.Labels)
	in["annotations"] = orEmpty(r.Annotations)
	if in["attributes"] == nil {
		in["attributes"] = map[string]any{}
	}
	return in
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Partition is the scope within a scan that coverage is recorded for:
// the namespace of a Kubernetes object, "account/region" (or "account"
// for global resources) of a cloud resource.
func (r *Resource) Partition() string {
	if r.Provider == "k8s" {
		return r.Namespace
	}
	if r.Region == "" {
		return r.Account
	}
	return r.Account + "/" + r.Region
}

// Related returns the targets of r's relations of the given type.
func (r *Resource) Related(typ string) []string {
	var out []string
	for _, rel := range r.Relations {
		if rel.Type == typ {
			out = append(out, rel.Target)
		}
	}
	return out
}

// Location renders the source location as file:line, or the ID for live
// resources.
func (r *Resource) Location() string {
	switch {
	case r.Source.File == "":
		return r.ID
	case r.Source.Line > 0:
		return r.Source.File + ":" + strconv.Itoa(r.Source.Line)
	default:
		return r.Source.File
	}
}

// PathText writes an attack path (resource IDs, "internet" first) for a
// person: each hop by its ShortID, joined by arrows.
func PathText(path []string) string {
	hops := make([]string, len(path))
	for i, id := range path {
		hops[i] = ShortID(id)
	}
	return strings.Join(hops, " → ")
}

// ShortID names a resource by the end of its ID, for paths a person
// reads: Kind/name for Kubernetes, the resource part of an ARN
// (role/admin), an IaC address.
func ShortID(id string) string {
	switch {
	case strings.HasPrefix(id, "k8s://"):
		parts := strings.Split(id, "/")
		return parts[len(parts)-2] + "/" + parts[len(parts)-1]
	case strings.HasPrefix(id, "arn:"):
		if parts := strings.SplitN(id, ":", 6); len(parts) == 6 {
			return parts[5]
		}
	}
	if i := strings.LastIndexByte(id, '#'); i >= 0 {
		return id[i+1:]
	}
	return id
}
