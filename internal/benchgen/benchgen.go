// Package benchgen generates realistic Kubernetes objects for benchmarks:
// a deterministic (seeded) mix that resembles a real cluster rather than
// copies of one fixture, so rule evaluation, relation lookups and
// credential detection all see the work they see in production.
//
// Objects come in namespace blocks of ObjectsPerNamespace objects, each
// opening with its Namespace: a default ServiceAccount, a NetworkPolicy in
// about half of the namespaces, Roles and RoleBindings, and app units
// (a Deployment with its ReplicaSet and Pods, or a StatefulSet, DaemonSet,
// Job, CronJob or bare Pod, with their Service, ConfigMap, Secret,
// ServiceAccount, Ingress and PodDisruptionBudget), plus the odd
// ClusterRole and ClusterRoleBinding. Pod specs are hardened, typical
// (some controls missing) or misconfigured (privileged, hostPath, no
// limits, a latest tag, a literal AWS key in env …); some ConfigMaps hold
// a password and some RBAC rules are wildcards. Live objects also carry
// what the control plane adds: API defaults, the node and projected token
// volume of pods and, in about one namespace in seven, a service-mesh
// sidecar, so those pods differ from their controller's template.
//
// The same seed always yields the same objects: benchmark figures are
// comparable between runs and machines.
package benchgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

const (
	// ObjectsPerNamespace is how many objects share a namespace, the
	// Namespace itself included.
	ObjectsPerNamespace = 100
	// FilesPerDir is how many manifest files WriteManifests puts in one
	// subdirectory.
	FilesPerDir = 100
)

// Objects returns n objects as a live cluster would return them: JSON
// shaped maps (map[string]any, []any, string, int64, bool) with
// apiVersion, kind, metadata (uid, resourceVersion, creationTimestamp
// included) and spec or data.
func Objects(n int, seed uint64) []map[string]any {
	return generate(n, ObjectsPerNamespace, seed, true)
}

// WriteManifests writes files multi-document YAML manifests of
// objectsPerFile objects each under dir, FilesPerDir files per
// subdirectory. The objects are those of Objects without the fields only
// the API server sets (uid, resourceVersion, creationTimestamp).
func WriteManifests(dir string, files, objectsPerFile int, seed uint64) error {
	if files < 0 || objectsPerFile < 1 {
		return fmt.Errorf("benchgen: need files >= 0 and objectsPerFile >= 1, got %d and %d", files, objectsPerFile)
	}
	objs := generate(files*objectsPerFile, ObjectsPerNamespace, seed, false)
	var buf bytes.Buffer
	for i := range files {
		sub := filepath.Join(dir, fmt.Sprintf("set-%03d", i/FilesPerDir))
		if i%FilesPerDir == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
		}
		docs := objs[i*objectsPerFile : (i+1)*objectsPerFile]
		kind, _ := docs[0]["kind"].(string)
		if err := writeDocs(filepath.Join(sub, fmt.Sprintf("%05d-%s.yaml", i, strings.ToLower(kind))), docs, &buf); err != nil {
			return err
		}
	}
	return nil
}

// writeDocs writes docs to path as one YAML stream, encoding in buf.
func writeDocs(path string, docs []map[string]any, buf *bytes.Buffer) error {
	buf.Reset()
	enc := yaml.NewEncoder(buf)
	enc.SetIndent(2)
	for _, obj := range docs {
		if err := enc.Encode(obj); err != nil {
			return fmt.Errorf("benchgen: encode %s: %w", obj["kind"], err)
		}
	}
	if err := enc.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// gen accumulates the objects of one generation.
type gen struct {
	r     *rand.Rand
	live  bool
	out   []map[string]any
	limit int // end of the current namespace block
	// injected is set for namespaces whose pods a mutating webhook (a
	// service mesh) gives a sidecar their controller does not declare.
	injected bool
	epoch    time.Time
}

// WriteNamespaces writes namespaces × perNamespace objects, one per
// file, in one directory per namespace (named after it): a repository of
// manifests laid out as many are, each directory one scope of a scan.
func WriteNamespaces(dir string, namespaces, perNamespace int, seed uint64) error {
	if namespaces < 1 || perNamespace < 2 {
		return fmt.Errorf("benchgen: need namespaces >= 1 and perNamespace >= 2, got %d and %d", namespaces, perNamespace)
	}
	objs := generate(namespaces*perNamespace, perNamespace, seed, false)
	var buf bytes.Buffer
	made := map[string]bool{}
	for i, obj := range objs {
		sub := filepath.Join(dir, objectNamespace(obj))
		if !made[sub] {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return err
			}
			made[sub] = true
		}
		kind, _ := obj["kind"].(string)
		if err := writeDocs(filepath.Join(sub, fmt.Sprintf("%06d-%s.yaml", i, strings.ToLower(kind))), []map[string]any{obj}, &buf); err != nil {
			return err
		}
	}
	return nil
}

// objectNamespace is the namespace an object belongs to: its own, or
// the Namespace's name, or "cluster" for the other cluster-scoped ones.
func objectNamespace(obj map[string]any) string {
	meta, _ := obj["metadata"].(map[string]any)
	if ns, _ := meta["namespace"].(string); ns != "" {
		return ns
	}
	if obj["kind"] == "Namespace" {
		name, _ := meta["name"].(string)
		return name
	}
	return "cluster"
}

// generate returns n objects in namespace blocks of perNamespace.
func generate(n, perNamespace int, seed uint64, live bool) []map[string]any {
	g := &gen{
		r:     rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		live:  live,
		out:   make([]map[string]any, 0, n),
		epoch: time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC),
	}
	for i := 0; len(g.out) < n; i++ {
		g.limit = min(n, len(g.out)+perNamespace)
		g.namespace(i)
	}
	return g.out
}

// full reports whether the current namespace block is complete.
func (g *gen) full() bool { return len(g.out) >= g.limit }

// emit adds obj unless the block is full.
func (g *gen) emit(obj map[string]any) {
	if !g.full() {
		g.out = append(g.out, obj)
	}
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, xs ...T) T { return xs[g.r.IntN(len(xs))] }

var (
	teams = []string{"payments", "checkout", "search", "identity", "billing", "catalog", "platform", "data", "ml", "web", "mobile", "ads"}
	envs  = []string{"prod", "staging", "dev"}
	apps  = []string{"api", "web", "worker", "gateway", "cart", "orders", "auth", "users", "inventory", "notifier", "indexer", "scheduler", "reports", "frontend", "redis", "postgres", "kafka-consumer", "exporter"}
)

const lower = "abcdefghijklmnopqrstuvwxyz0123456789"

// token returns n random characters of alphabet.
func (g *gen) token(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) uid() string {
	h := g.token(32, "0123456789abcdef")
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// object starts an object with its metadata.
func (g *gen) object(apiVersion, kind, ns, name string, labels map[string]any) map[string]any {
	meta := map[string]any{"name": name}
	if ns != "" {
		meta["namespace"] = ns
	}
	if len(labels) > 0 {
		meta["labels"] = labels
	}
	if g.live {
		meta["uid"] = g.uid()
		meta["resourceVersion"] = strconv.Itoa(1000 + g.r.IntN(50_000_000))
		meta["creationTimestamp"] = g.epoch.Add(time.Duration(g.r.IntN(300*24*3600)) * time.Second).Format(time.RFC3339)
	}
	return map[string]any{"apiVersion": apiVersion, "kind": kind, "metadata": meta}
}

// lastApplied adds kubectl's last-applied-configuration annotation, the
// way `kubectl apply` leaves it on live objects.
func (g *gen) lastApplied(obj map[string]any) {
	if !g.live || !g.chance(0.4) {
		return
	}
	meta := obj["metadata"].(map[string]any)
	cp := map[string]any{}
	for k, v := range obj {
		if k != "metadata" {
			cp[k] = v
		}
	}
	cp["metadata"] = map[string]any{"name": meta["name"], "namespace": meta["namespace"], "labels": meta["labels"]}
	b, err := json.Marshal(cp)
	if err != nil {
		return
	}
	ann, _ := meta["annotations"].(map[string]any)
	if ann == nil {
		ann = map[string]any{}
		meta["annotations"] = ann
	}
	ann["kubectl.kubernetes.io/last-applied-configuration"] = string(b) + "\n"
}

func (g *gen) ownedBy(obj map[string]any, owner map[string]any) {
	om := owner["metadata"].(map[string]any)
	ref := map[string]any{
		"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": om["name"],
		"controller": true, "blockOwnerDeletion": true,
	}
	if uid, ok := om["uid"]; ok {
		ref["uid"] = uid
	}
	obj["metadata"].(map[string]any)["ownerReferences"] = []any{ref}
}

func nsName(i int) string {
	switch i {
	case 1:
		return "kube-system"
	case 2:
		return "default"
	}
	return teams[i%len(teams)] + "-" + envs[(i/len(teams))%len(envs)] + "-" + strconv.Itoa(i)
}

// namespace emits one namespace block.
func (g *gen) namespace(i int) {
	ns := nsName(i)
	team, _, _ := strings.Cut(ns, "-")
	labels := map[string]any{"kubernetes.io/metadata.name": ns, "team": team}
	if g.chance(0.4) {
		labels["pod-security.kubernetes.io/enforce"] = pick(g, "restricted", "baseline")
	}
	g.injected = g.chance(0.15)
	if g.injected {
		labels["istio-injection"] = "enabled"
	}
	nso := g.object("v1", "Namespace", "", ns, labels)
	nso["spec"] = map[string]any{"finalizers": []any{"kubernetes"}}
	g.emit(nso)

	sa := g.object("v1", "ServiceAccount", ns, "default", nil)
	g.emit(sa)

	if g.chance(0.5) {
		g.networkPolicies(ns)
	}
	for unit := 0; !g.full(); unit++ {
		g.unit(ns, unit)
		if unit%5 == 1 {
			g.rbac(ns, unit)
		}
	}
}

func (g *gen) networkPolicies(ns string) {
	deny := g.object("networking.k8s.io/v1", "NetworkPolicy", ns, "default-deny", nil)
	deny["spec"] = map[string]any{"podSelector": map[string]any{}, "policyTypes": []any{"Ingress", "Egress"}}
	g.emit(deny)
	allow := g.object("networking.k8s.io/v1", "NetworkPolicy", ns, "allow-ingress-controller", nil)
	allow["spec"] = map[string]any{
		"podSelector": map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/part-of": ns}},
		"policyTypes": []any{"Ingress"},
		"ingress": []any{map[string]any{
			"from":  []any{map[string]any{"namespaceSelector": map[string]any{"matchLabels": map[string]any{"kubernetes.io/metadata.name": "ingress-nginx"}}}},
			"ports": []any{map[string]any{"protocol": "TCP", "port": int64(8080)}},
		}},
	}
	g.emit(allow)
}

// unit emits one application: its workload and the objects around it.
func (g *gen) unit(ns string, i int) {
	app := apps[g.r.IntN(len(apps))] + "-" + strconv.Itoa(i)
	labels := map[string]any{
		"app.kubernetes.io/name":       app,
		"app.kubernetes.io/part-of":    ns,
		"app.kubernetes.io/managed-by": pick(g, "Helm", "kustomize", "argocd"),
	}
	saName := "default"
	if g.chance(0.55) {
		saName = app
		sa := g.object("v1", "ServiceAccount", ns, app, copyMap(labels))
		if g.chance(0.35) {
			sa["automountServiceAccountToken"] = false
		}
		g.emit(sa)
	}
	cm := g.configMap(ns, app, labels)
	sec := g.secret(ns, app, labels)
	spec := g.podSpec(ns, app, saName, cm, sec)

	served := false
	switch w := g.r.IntN(100); {
	case w < 55:
		g.deployment(ns, app, labels, spec)
		served = true
	case w < 65:
		g.statefulSet(ns, app, labels, spec)
		served = true
	case w < 70:
		g.daemonSet(ns, app, labels, spec)
	case w < 80:
		g.job(ns, app, labels, spec)
	case w < 90:
		g.cronJob(ns, app, labels, spec)
	default:
		pod := g.object("v1", "Pod", ns, app, copyMap(labels))
		pod["spec"] = spec
		g.emit(pod)
	}
	if cm != nil {
		g.emit(cm)
	}
	if sec != nil {
		g.emit(sec)
	}
	if served && g.chance(0.85) {
		g.service(ns, app, labels)
		if g.chance(0.3) {
			g.ingress(ns, app, labels)
		}
		if g.chance(0.25) {
			pdb := g.object("policy/v1", "PodDisruptionBudget", ns, app, copyMap(labels))
			pdb["spec"] = map[string]any{"minAvailable": int64(1), "selector": map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": app}}}
			g.emit(pdb)
		}
	}
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// deepCopy copies a JSON-shaped value.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}

func selector(app string) map[string]any {
	return map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": app}}
}

func template(labels map[string]any, spec map[string]any) map[string]any {
	return map[string]any{
		"metadata": map[string]any{"labels": copyMap(labels), "annotations": map[string]any{"prometheus.io/scrape": "true"}},
		"spec":     spec,
	}
}

func (g *gen) deployment(ns, app string, labels, spec map[string]any) {
	replicas := int64(1 + g.r.IntN(3))
	d := g.object("apps/v1", "Deployment", ns, app, copyMap(labels))
	d["spec"] = map[string]any{
		"replicas":             replicas,
		"revisionHistoryLimit": int64(10),
		"selector":             selector(app),
		"strategy":             map[string]any{"type": "RollingUpdate", "rollingUpdate": map[string]any{"maxSurge": "25%", "maxUnavailable": "25%"}},
		"template":             template(labels, spec),
	}
	g.lastApplied(d)
	g.emit(d)

	hash := g.token(10, "bcdfghjklmnpqrstvwxz2456789")
	rsLabels := copyMap(labels)
	rsLabels["pod-template-hash"] = hash
	rs := g.object("apps/v1", "ReplicaSet", ns, app+"-"+hash, rsLabels)
	rs["spec"] = map[string]any{
		"replicas": replicas,
		"selector": map[string]any{"matchLabels": map[string]any{"app.kubernetes.io/name": app, "pod-template-hash": hash}},
		"template": template(rsLabels, deepCopy(spec).(map[string]any)),
	}
	g.ownedBy(rs, d)
	g.emit(rs)
	for range replicas {
		g.pod(rs, ns, rs["metadata"].(map[string]any)["name"].(string)+"-"+g.token(5, "bcdfghjklmnpqrstvwxz2456789"), rsLabels, spec)
	}
}

// pod emits a Pod a controller created from spec. Live pods carry what
// the control plane adds: a node, the default tolerations, the projected
// service-account token and, in injected namespaces, a mesh sidecar.
func (g *gen) pod(owner map[string]any, ns, name string, labels, spec map[string]any) {
	p := g.object("v1", "Pod", ns, name, copyMap(labels))
	ps := deepCopy(spec).(map[string]any)
	if g.live {
		ps["nodeName"] = fmt.Sprintf("ip-10-%d-%d-%d.ec2.internal", g.r.IntN(4), g.r.IntN(256), g.r.IntN(256))
		tol := asList(ps["tolerations"])
		for _, key := range []string{"node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"} {
			tol = append(tol, map[string]any{"key": key, "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": int64(300)})
		}
		ps["tolerations"] = tol
		if ps["automountServiceAccountToken"] != false {
			g.tokenVolume(ps)
		}
		if g.injected {
			g.sidecar(ps)
		}
	}
	p["spec"] = ps
	g.ownedBy(p, owner)
	g.emit(p)
}

// tokenVolume adds the projected service-account token volume the
// ServiceAccount admission plugin mounts into every container.
func (g *gen) tokenVolume(ps map[string]any) {
	name := "kube-api-access-" + g.token(5, "bcdfghjklmnpqrstvwxz2456789")
	ps["volumes"] = append(asList(ps["volumes"]), map[string]any{
		"name": name,
		"projected": map[string]any{
			"defaultMode": int64(420),
			"sources": []any{
				map[string]any{"serviceAccountToken": map[string]any{"expirationSeconds": int64(3607), "path": "token"}},
				map[string]any{"configMap": map[string]any{"name": "kube-root-ca.crt", "items": []any{map[string]any{"key": "ca.crt", "path": "ca.crt"}}}},
				map[string]any{"downwardAPI": map[string]any{"items": []any{map[string]any{
					"path": "namespace", "fieldRef": map[string]any{"apiVersion": "v1", "fieldPath": "metadata.namespace"},
				}}}},
			},
		},
	})
	for _, group := range []string{"initContainers", "containers"} {
		for _, c := range asList(ps[group]) {
			cm := c.(map[string]any)
			cm["volumeMounts"] = append(asList(cm["volumeMounts"]), map[string]any{
				"name": name, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true,
			})
		}
	}
}

// sidecar adds what a service-mesh injector adds to a pod: a proxy
// container and an init container that needs NET_ADMIN and NET_RAW.
func (g *gen) sidecar(ps map[string]any) {
	ps["initContainers"] = append(asList(ps["initContainers"]), map[string]any{
		"name":  "istio-init",
		"image": "docker.io/istio/proxyv2:1.22.1",
		"args":  []any{"istio-iptables", "-p", "15001", "-z", "15006", "-u", "1337", "-m", "REDIRECT"},
		"securityContext": map[string]any{
			"allowPrivilegeEscalation": false,
			"capabilities":             map[string]any{"add": []any{"NET_ADMIN", "NET_RAW"}, "drop": []any{"ALL"}},
			"runAsNonRoot":             false,
			"runAsUser":                int64(0),
		},
		"resources": map[string]any{"limits": map[string]any{"cpu": "2", "memory": "1Gi"}, "requests": map[string]any{"cpu": "10m", "memory": "40Mi"}},
	})
	ps["containers"] = append(asList(ps["containers"]), map[string]any{
		"name":  "istio-proxy",
		"image": "docker.io/istio/proxyv2:1.22.1",
		"args":  []any{"proxy", "sidecar", "--domain", "$(POD_NAMESPACE).svc.cluster.local"},
		"env": []any{
			map[string]any{"name": "POD_NAMESPACE", "valueFrom": map[string]any{"fieldRef": map[string]any{"fieldPath": "metadata.namespace"}}},
			map[string]any{"name": "ISTIO_META_CLUSTER_ID", "value": "Kubernetes"},
		},
		"ports":          []any{map[string]any{"name": "http-envoy-prom", "containerPort": int64(15090), "protocol": "TCP"}},
		"readinessProbe": map[string]any{"httpGet": map[string]any{"path": "/healthz/ready", "port": int64(15021)}, "periodSeconds": int64(15)},
		"resources":      map[string]any{"limits": map[string]any{"cpu": "2", "memory": "1Gi"}, "requests": map[string]any{"cpu": "100m", "memory": "128Mi"}},
		"securityContext": map[string]any{
			"allowPrivilegeEscalation": false,
			"capabilities":             map[string]any{"drop": []any{"ALL"}},
			"readOnlyRootFilesystem":   true,
			"runAsNonRoot":             true,
			"runAsUser":                int64(1337),
		},
	})
}

func (g *gen) statefulSet(ns, app string, labels, spec map[string]any) {
	replicas := int64(1 + g.r.IntN(3))
	s := g.object("apps/v1", "StatefulSet", ns, app, copyMap(labels))
	s["spec"] = map[string]any{
		"replicas":    replicas,
		"serviceName": app,
		"selector":    selector(app),
		"template":    template(labels, spec),
		"volumeClaimTemplates": []any{map[string]any{
			"metadata": map[string]any{"name": "data"},
			"spec": map[string]any{
				"accessModes": []any{"ReadWriteOnce"},
				"resources":   map[string]any{"requests": map[string]any{"storage": pick(g, "1Gi", "10Gi", "50Gi")}},
			},
		}},
	}
	g.lastApplied(s)
	g.emit(s)
	for i := range replicas {
		g.pod(s, ns, app+"-"+strconv.Itoa(int(i)), labels, spec)
	}
}

func (g *gen) daemonSet(ns, app string, labels, spec map[string]any) {
	d := g.object("apps/v1", "DaemonSet", ns, app, copyMap(labels))
	d["spec"] = map[string]any{
		"selector":       selector(app),
		"template":       template(labels, spec),
		"updateStrategy": map[string]any{"type": "RollingUpdate"},
	}
	g.emit(d)
	for range 2 {
		g.pod(d, ns, app+"-"+g.token(5, "bcdfghjklmnpqrstvwxz2456789"), labels, spec)
	}
}

func (g *gen) job(ns, app string, labels, spec map[string]any) {
	spec["restartPolicy"] = pick(g, "Never", "OnFailure")
	j := g.object("batch/v1", "Job", ns, app, copyMap(labels))
	j["spec"] = map[string]any{"backoffLimit": int64(4), "ttlSecondsAfterFinished": int64(3600), "template": template(labels, spec)}
	g.emit(j)
	g.pod(j, ns, app+"-"+g.token(5, "bcdfghjklmnpqrstvwxz2456789"), labels, spec)
}

func (g *gen) cronJob(ns, app string, labels, spec map[string]any) {
	spec["restartPolicy"] = "OnFailure"
	c := g.object("batch/v1", "CronJob", ns, app, copyMap(labels))
	c["spec"] = map[string]any{
		"schedule":          fmt.Sprintf("%d %d * * *", g.r.IntN(60), g.r.IntN(24)),
		"concurrencyPolicy": "Forbid",
		"jobTemplate":       map[string]any{"spec": map[string]any{"backoffLimit": int64(2), "template": template(labels, spec)}},
	}
	g.lastApplied(c)
	g.emit(c)
}

func (g *gen) service(ns, app string, labels map[string]any) {
	s := g.object("v1", "Service", ns, app, copyMap(labels))
	spec := map[string]any{
		"type":     "ClusterIP",
		"selector": map[string]any{"app.kubernetes.io/name": app},
		"ports":    []any{map[string]any{"name": "http", "port": int64(80), "targetPort": int64(8080), "protocol": "TCP"}},
	}
	switch w := g.r.IntN(100); {
	case w < 8:
		spec["type"] = "NodePort"
		spec["ports"].([]any)[0].(map[string]any)["nodePort"] = int64(30000 + g.r.IntN(2768))
	case w < 13:
		spec["type"] = "LoadBalancer"
	}
	if g.live && spec["type"] != "NodePort" {
		spec["clusterIP"] = fmt.Sprintf("10.96.%d.%d", g.r.IntN(256), 1+g.r.IntN(254))
	}
	s["spec"] = spec
	g.lastApplied(s)
	g.emit(s)
}

func (g *gen) ingress(ns, app string, labels map[string]any) {
	host := app + "." + ns + ".example.com"
	in := g.object("networking.k8s.io/v1", "Ingress", ns, app, copyMap(labels))
	spec := map[string]any{
		"ingressClassName": "nginx",
		"rules": []any{map[string]any{
			"host": host,
			"http": map[string]any{"paths": []any{map[string]any{
				"path": "/", "pathType": "Prefix",
				"backend": map[string]any{"service": map[string]any{"name": app, "port": map[string]any{"number": int64(80)}}},
			}}},
		}},
	}
	if g.chance(0.6) {
		spec["tls"] = []any{map[string]any{"hosts": []any{host}, "secretName": app + "-tls"}}
	}
	in["spec"] = spec
	g.emit(in)
}

// configMap returns an app's ConfigMap, or nil; some hold a password.
func (g *gen) configMap(ns, app string, labels map[string]any) map[string]any {
	if !g.chance(0.7) {
		return nil
	}
	cm := g.object("v1", "ConfigMap", ns, app+"-config", copyMap(labels))
	data := map[string]any{
		"LOG_LEVEL":   pick(g, "info", "debug", "warn"),
		"HTTP_PORT":   "8080",
		"FEATURE_NEW": pick(g, "true", "false"),
		"config.yaml": "server:\n  port: 8080\n  timeout: 30s\nupstream:\n  url: http://" + app + "-backend:8080\n",
	}
	if g.chance(0.12) {
		data[pick(g, "DB_PASSWORD", "REDIS_PASSWORD", "ADMIN_PASSWORD")] = g.token(18, lower+"ABCDEFGHJKLMNPQRSTUVWXYZ")
	}
	cm["data"] = data
	g.lastApplied(cm)
	return cm
}

// secret returns an app's Secret (type and data keys vary), or nil.
func (g *gen) secret(ns, app string, labels map[string]any) map[string]any {
	if !g.chance(0.75) {
		return nil
	}
	b64 := "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	s := g.object("v1", "Secret", ns, app+"-secret", copyMap(labels))
	switch g.r.IntN(10) {
	case 0, 1:
		s["type"] = "kubernetes.io/tls"
		s["metadata"].(map[string]any)["name"] = app + "-tls"
		s["data"] = map[string]any{"tls.crt": g.token(1200, b64), "tls.key": g.token(1600, b64)}
	case 2:
		s["type"] = "kubernetes.io/dockerconfigjson"
		s["metadata"].(map[string]any)["name"] = app + "-pull"
		s["data"] = map[string]any{".dockerconfigjson": g.token(160, b64)}
	default:
		s["type"] = "Opaque"
		s["data"] = map[string]any{"username": g.token(12, b64), "password": g.token(24, b64), "api-key": g.token(44, b64)}
	}
	g.lastApplied(s)
	return s
}

// profile is how carefully a pod spec was written.
type profile int

const (
	hardened profile = iota
	typical
	misconfigured
)

// misconfigurations a misconfigured pod spec draws from.
var misconfigurations = []string{"privileged", "hostPath", "noLimits", "latest", "awsKey", "hostNetwork", "capabilities", "root", "secretEnv"}

// podSpec returns a pod spec in the JSON shape of corev1.PodSpec.
func (g *gen) podSpec(ns, app, sa string, cm, sec map[string]any) map[string]any {
	prof := typical
	switch w := g.r.IntN(100); {
	case w < 35:
		prof = hardened
	case w < 80:
		prof = typical
	default:
		prof = misconfigured
	}
	bad := map[string]bool{}
	if prof == misconfigured {
		for range 1 + g.r.IntN(3) {
			bad[pick(g, misconfigurations...)] = true
		}
	}
	team, _, _ := strings.Cut(ns, "-")
	image := fmt.Sprintf("registry.example.com/%s/%s:%d.%d.%d", team, strings.TrimRight(app, "-0123456789"), 1+g.r.IntN(4), g.r.IntN(20), g.r.IntN(10))
	switch {
	case bad["latest"]:
		image = pick(g, "nginx:latest", "redis", "busybox:latest", "registry.example.com/"+team+"/tools")
	case prof == hardened && g.chance(0.5):
		image += "@sha256:" + g.token(64, "0123456789abcdef")
	}
	main := g.container(app, image, prof, bad, cm, sec)
	containers := []any{main}
	if g.chance(0.3) {
		containers = append(containers, g.container("envoy", "envoyproxy/envoy:v1.30.1", prof, nil, nil, nil))
	}
	spec := map[string]any{
		"containers":                    containers,
		"serviceAccountName":            sa,
		"restartPolicy":                 "Always",
		"terminationGracePeriodSeconds": int64(30),
		"dnsPolicy":                     "ClusterFirst",
	}
	if g.chance(0.15) {
		init := g.container("migrate", strings.Replace(image, "/"+team+"/", "/"+team+"/migrations-", 1), prof, nil, nil, sec)
		delete(init, "livenessProbe")
		delete(init, "readinessProbe")
		delete(init, "ports")
		spec["initContainers"] = []any{init}
	}
	volumes := []any{map[string]any{"name": "tmp", "emptyDir": map[string]any{}}}
	if cm != nil {
		volumes = append(volumes, map[string]any{"name": "config", "configMap": map[string]any{"name": cm["metadata"].(map[string]any)["name"]}})
	}
	switch prof {
	case hardened:
		spec["automountServiceAccountToken"] = false
		spec["securityContext"] = map[string]any{
			"runAsNonRoot": true, "runAsUser": int64(10001), "runAsGroup": int64(10001), "fsGroup": int64(10001),
			"seccompProfile": map[string]any{"type": "RuntimeDefault"},
		}
	case typical:
		if g.chance(0.4) {
			spec["securityContext"] = map[string]any{"runAsNonRoot": true, "fsGroup": int64(2000)}
		}
	}
	if bad["hostPath"] {
		volumes = append(volumes, map[string]any{"name": "host", "hostPath": map[string]any{"path": pick(g, "/var/run/docker.sock", "/var/log", "/", "/etc"), "type": ""}})
	}
	if bad["hostNetwork"] {
		spec["hostNetwork"] = true
		spec["hostPID"] = g.chance(0.3)
	}
	if bad["root"] {
		spec["securityContext"] = map[string]any{"runAsUser": int64(0)}
	}
	spec["volumes"] = volumes
	if g.live {
		// Defaults the API server fills in, on templates and pods alike.
		spec["schedulerName"] = "default-scheduler"
		spec["enableServiceLinks"] = true
		if spec["securityContext"] == nil {
			spec["securityContext"] = map[string]any{}
		}
		for _, group := range []string{"initContainers", "containers"} {
			for _, c := range asList(spec[group]) {
				cm := c.(map[string]any)
				cm["terminationMessagePath"] = "/dev/termination-log"
				cm["terminationMessagePolicy"] = "File"
			}
		}
	}
	if g.chance(0.2) {
		spec["nodeSelector"] = map[string]any{"kubernetes.io/os": "linux"}
		spec["tolerations"] = []any{map[string]any{"key": "dedicated", "operator": "Equal", "value": team, "effect": "NoSchedule"}}
	}
	return spec
}

// container returns one container of a pod spec.
func (g *gen) container(name, image string, prof profile, bad map[string]bool, cm, sec map[string]any) map[string]any {
	c := map[string]any{
		"name":            name,
		"image":           image,
		"imagePullPolicy": "IfNotPresent",
		"ports":           []any{map[string]any{"name": "http", "containerPort": int64(8080), "protocol": "TCP"}},
		"volumeMounts":    []any{map[string]any{"name": "tmp", "mountPath": "/tmp"}},
	}
	env := []any{
		map[string]any{"name": "APP_ENV", "value": pick(g, "production", "staging")},
		map[string]any{"name": "POD_NAME", "valueFrom": map[string]any{"fieldRef": map[string]any{"fieldPath": "metadata.name"}}},
		map[string]any{"name": "GOMAXPROCS", "valueFrom": map[string]any{"resourceFieldRef": map[string]any{"resource": "limits.cpu"}}},
	}
	if cm != nil {
		c["envFrom"] = []any{map[string]any{"configMapRef": map[string]any{"name": cm["metadata"].(map[string]any)["name"]}}}
		c["volumeMounts"] = append(c["volumeMounts"].([]any), map[string]any{"name": "config", "mountPath": "/etc/app", "readOnly": true})
	}
	if sec != nil && g.chance(0.6) {
		env = append(env, map[string]any{"name": "DB_PASSWORD", "valueFrom": map[string]any{"secretKeyRef": map[string]any{"name": sec["metadata"].(map[string]any)["name"], "key": "password"}}})
	}
	if bad["secretEnv"] && sec != nil {
		c["envFrom"] = append(asList(c["envFrom"]), map[string]any{"secretRef": map[string]any{"name": sec["metadata"].(map[string]any)["name"]}})
	}
	if bad["awsKey"] {
		env = append(env,
			map[string]any{"name": "AWS_ACCESS_KEY_ID", "value": "AKIA" + g.token(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")},
			map[string]any{"name": "AWS_SECRET_ACCESS_KEY", "value": g.token(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+")},
		)
	}
	c["env"] = env

	limits := map[string]any{"cpu": pick(g, "250m", "500m", "1"), "memory": pick(g, "256Mi", "512Mi", "1Gi")}
	requests := map[string]any{"cpu": pick(g, "50m", "100m", "200m"), "memory": pick(g, "64Mi", "128Mi", "256Mi")}
	switch {
	case bad["noLimits"]:
		if g.chance(0.5) {
			c["resources"] = map[string]any{"requests": requests}
		}
	case prof == typical && g.chance(0.3):
		c["resources"] = map[string]any{"requests": requests}
	default:
		c["resources"] = map[string]any{"limits": limits, "requests": requests}
	}

	if prof == hardened || (prof == typical && g.chance(0.7)) {
		probe := map[string]any{"httpGet": map[string]any{"path": "/healthz", "port": int64(8080)}, "periodSeconds": int64(10)}
		c["livenessProbe"] = probe
		c["readinessProbe"] = deepCopy(probe)
	}
	switch prof {
	case hardened:
		c["securityContext"] = map[string]any{
			"allowPrivilegeEscalation": false,
			"readOnlyRootFilesystem":   true,
			"runAsNonRoot":             true,
			"capabilities":             map[string]any{"drop": []any{"ALL"}},
		}
	case typical:
		if g.chance(0.5) {
			c["securityContext"] = map[string]any{"allowPrivilegeEscalation": false}
		}
	}
	sc, _ := c["securityContext"].(map[string]any)
	if sc == nil {
		sc = map[string]any{}
	}
	if bad["privileged"] {
		sc["privileged"] = true
		sc["allowPrivilegeEscalation"] = true
	}
	if bad["capabilities"] {
		sc["capabilities"] = map[string]any{"add": []any{pick(g, "NET_ADMIN", "SYS_ADMIN", "NET_RAW", "SYS_PTRACE")}}
	}
	if bad["hostNetwork"] {
		c["ports"].([]any)[0].(map[string]any)["hostPort"] = int64(8080)
	}
	if len(sc) > 0 {
		c["securityContext"] = sc
	}
	return c
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// rbac emits a Role and its RoleBinding and, now and then, a ClusterRole
// and ClusterRoleBinding; some grant wildcards or secret reads.
func (g *gen) rbac(ns string, unit int) {
	name := fmt.Sprintf("app-%d", unit)
	subject := map[string]any{"kind": "ServiceAccount", "name": pick(g, "default", fmt.Sprintf("%s-%d", apps[g.r.IntN(len(apps))], unit)), "namespace": ns}
	role := g.object("rbac.authorization.k8s.io/v1", "Role", ns, name, nil)
	role["rules"] = g.policyRules(false)
	g.emit(role)
	rb := g.object("rbac.authorization.k8s.io/v1", "RoleBinding", ns, name, nil)
	rb["roleRef"] = map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name}
	rb["subjects"] = []any{subject}
	g.emit(rb)

	if !g.chance(0.4) {
		return
	}
	crName := ns + "-" + name
	cr := g.object("rbac.authorization.k8s.io/v1", "ClusterRole", "", crName, map[string]any{"team": strings.SplitN(ns, "-", 2)[0]})
	cr["rules"] = g.policyRules(true)
	g.emit(cr)
	crb := g.object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "", crName, nil)
	ref := crName
	switch w := g.r.IntN(100); {
	case w < 4:
		ref = "cluster-admin"
	case w < 15:
		ref = "view"
	}
	crb["roleRef"] = map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": ref}
	switch w := g.r.IntN(10); {
	case w < 7:
		crb["subjects"] = []any{subject}
	case w < 9:
		crb["subjects"] = []any{map[string]any{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "oidc:" + ns + "-developers"}}
	default:
		crb["subjects"] = []any{map[string]any{"kind": "Group", "apiGroup": "rbac.authorization.k8s.io", "name": "system:serviceaccounts:" + ns}}
	}
	g.emit(crb)
}

func (g *gen) policyRules(cluster bool) []any {
	rule := func(groups, resources, verbs []any) map[string]any {
		return map[string]any{"apiGroups": groups, "resources": resources, "verbs": verbs}
	}
	read := []any{"get", "list", "watch"}
	rules := []any{
		rule([]any{""}, []any{"configmaps", "services", "endpoints"}, read),
		rule([]any{"apps"}, []any{"deployments", "replicasets"}, read),
	}
	switch w := g.r.IntN(100); {
	case w < 8:
		rules = append(rules, rule([]any{"*"}, []any{"*"}, []any{"*"}))
	case w < 22:
		rules = append(rules, rule([]any{""}, []any{"secrets"}, read))
	case w < 27:
		rules = append(rules, rule([]any{""}, []any{"pods", "pods/exec"}, []any{"get", "create"}))
	case w < 30 && cluster:
		rules = append(rules, rule([]any{"rbac.authorization.k8s.io"}, []any{"clusterroles", "clusterrolebindings"}, []any{"bind", "escalate", "get"}))
	case w < 45:
		rules = append(rules, rule([]any{"coordination.k8s.io"}, []any{"leases"}, []any{"get", "create", "update"}))
	}
	return rules
}
