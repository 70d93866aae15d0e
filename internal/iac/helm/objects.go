package helm

import (
	"encoding/base64"
	"path"
	"runtime"
	"strings"

	"github.com/gobwas/glob"
	"helm.sh/helm/v3/pkg/chart"
)

// The cluster a chart is rendered for, offline. helm template assumes
// the Kubernetes version its client libraries were built with; Vigil
// assumes v1.37.0, the version of the k8s.io modules in go.mod (and of
// the Pod Security rules). A chart that picks an apiVersion by
// semverCompare on .Capabilities.KubeVersion sees a current cluster.
const (
	kubeMajor = "1"
	kubeMinor = "37"
)

// helmVersion is the Helm release whose rendering this package follows
// (helm.sh/helm/v3 in go.mod), what .Capabilities.HelmVersion.Version
// says.
const helmVersion = "v3.21.4"

// apiVersions are the API group/versions .Capabilities.APIVersions.Has
// answers true for: every built-in group/version of the Kubernetes
// client libraries in go.mod, with apiextensions.k8s.io, in their
// priority order — what helm template assumes without --api-versions.
// As there, no "group/version/Kind" entry is listed, so a chart asking
// for "policy/v1/PodDisruptionBudget" is told no. TestAPIVersionsAsHelm
// keeps the list equal to Helm's.
var apiVersions = []string{
	"v1",
	"admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
	"internal.apiserver.k8s.io/v1alpha1",
	"apps/v1", "apps/v1beta1", "apps/v1beta2",
	"authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
	"authorization.k8s.io/v1", "authorization.k8s.io/v1beta1",
	"autoscaling/v1", "autoscaling/v2",
	"batch/v1", "batch/v1beta1",
	"certificates.k8s.io/v1", "certificates.k8s.io/v1beta1", "certificates.k8s.io/v1alpha1",
	"coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1",
	"discovery.k8s.io/v1", "discovery.k8s.io/v1beta1",
	"events.k8s.io/v1", "events.k8s.io/v1beta1",
	"extensions/v1beta1",
	"flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2", "flowcontrol.apiserver.k8s.io/v1beta3",
	"lifecycle.k8s.io/v1alpha1",
	"networking.k8s.io/v1", "networking.k8s.io/v1beta1",
	"node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1",
	"policy/v1", "policy/v1beta1",
	"rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1",
	"resource.k8s.io/v1", "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3",
	"scheduling.k8s.io/v1alpha3", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1",
	"storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1",
	"storagemigration.k8s.io/v1", "storagemigration.k8s.io/v1beta1",
	"apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
}

// capabilities fills .Capabilities. Its fields and methods are Helm's,
// so .Capabilities.KubeVersion.GitVersion and .APIVersions.Has work.
type capabilities struct {
	KubeVersion kubeVersion
	APIVersions versionSet
	HelmVersion buildInfo
}

func defaultCapabilities() *capabilities {
	return &capabilities{
		KubeVersion: kubeVersion{Version: "v" + kubeMajor + "." + kubeMinor + ".0", Major: kubeMajor, Minor: kubeMinor},
		APIVersions: append(versionSet(nil), apiVersions...),
		HelmVersion: buildInfo{Version: helmVersion, GoVersion: runtime.Version()},
	}
}

// Copy returns a copy, as Helm's capabilities can.
func (c *capabilities) Copy() *capabilities {
	return &capabilities{KubeVersion: c.KubeVersion, APIVersions: c.APIVersions, HelmVersion: c.HelmVersion}
}

// kubeVersion is .Capabilities.KubeVersion.
type kubeVersion struct {
	Version string
	Major   string
	Minor   string
}

// String is the version, "v1.37.0".
func (kv *kubeVersion) String() string { return kv.Version }

// GitVersion is the version, as older charts ask for it.
func (kv *kubeVersion) GitVersion() string { return kv.Version }

// versionSet is .Capabilities.APIVersions.
type versionSet []string

// Has says whether the cluster serves apiVersion ("apps/v1").
func (v versionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// buildInfo is .Capabilities.HelmVersion.
type buildInfo struct {
	Version      string `json:"version,omitempty"`
	GitCommit    string `json:"git_commit,omitempty"`
	GitTreeState string `json:"git_tree_state,omitempty"`
	GoVersion    string `json:"go_version,omitempty"`
}

// files is .Files: a chart's files by their path in the chart, less
// what the loader takes apart (Chart.yaml, Chart.lock, values.yaml,
// values.schema.json, templates/, charts/) and what .helmignore
// excludes (.helmignore itself stays).
type files map[string][]byte

func newFiles(from []*chart.File) files {
	f := files{}
	for _, x := range from {
		f[x.Name] = x.Data
	}
	return f
}

// GetBytes is a file's content, empty when there is no such file.
func (f files) GetBytes(name string) []byte {
	if b, ok := f[name]; ok {
		return b
	}
	return []byte{}
}

// Get is a file's content as a string.
func (f files) Get(name string) string { return string(f.GetBytes(name)) }

// Glob is the files whose path matches pattern ("**" crosses "/"); an
// invalid pattern matches every file.
func (f files) Glob(pattern string) files {
	g, err := glob.Compile(pattern, '/')
	if err != nil {
		g, _ = glob.Compile("**")
	}
	out := files{}
	for name, b := range f {
		if g.Match(name) {
			out[name] = b
		}
	}
	return out
}

// AsConfig is the files as a ConfigMap's data: base name to content, as
// YAML.
func (f files) AsConfig() string {
	if f == nil {
		return ""
	}
	m := map[string]string{}
	for name, b := range f {
		m[path.Base(name)] = string(b)
	}
	return toYAML(m)
}

// AsSecrets is the files as a Secret's data: base name to base64
// content, as YAML.
func (f files) AsSecrets() string {
	if f == nil {
		return ""
	}
	m := map[string]string{}
	for name, b := range f {
		m[path.Base(name)] = base64.StdEncoding.EncodeToString(b)
	}
	return toYAML(m)
}

// Lines is a file's lines, without a final newline's empty line.
func (f files) Lines(name string) []string {
	if f == nil || len(f[name]) == 0 {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(string(f[name]), "\n"), "\n")
}
