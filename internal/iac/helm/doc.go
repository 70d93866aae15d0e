// Package helm renders a Helm chart into the manifests it would install,
// as `helm template` does, so a chart is scanned like any other
// manifests.
//
// Charts are read with Helm's loader (helm.sh/helm/v3/pkg/chart/loader:
// .helmignore, subcharts in charts/, packed or not) and rendered by this
// package, which implements Helm v3's rules itself so the binary links
// neither Helm's chartutil nor its engine (they bring client-go's scheme,
// every k8s.io/api group and a JSON Schema validator into every
// command's start-up; internal/archtest keeps them out):
//
//   - values.go composes values: chart defaults under value files under
//     --set; tables merge, a null deletes a default, a subchart reads
//     its section of its parent's values, globals flow down.
//   - deps.go applies Chart.yaml's dependencies: aliases, conditions,
//     tags and import-values.
//   - engine.go, funcs.go and objects.go render: text/template with
//     sprig's and Helm's functions, the built-in objects (.Values,
//     .Release, .Chart, .Capabilities, .Template, .Files, .Subcharts),
//     Helm's parse order (a parent chart's define wins over a
//     subchart's) and Helm's error messages.
//
// Rendering is offline: lookup finds nothing, getHostByName resolves
// nothing, the cluster is the one objects.go describes, and
// dependencies must already be in charts/. values.schema.json is not
// enforced.
//
// The invariant: what a chart renders to, or the error it fails with, is
// what Helm's own packages give. ashelm_test.go holds the renderer to
// them on the test charts, every chart under the repository's testdata,
// and under fuzzing.
package helm
