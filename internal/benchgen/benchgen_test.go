package benchgen_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

func TestObjectsNormalize(t *testing.T) {
	const n = 3000
	objs := benchgen.Objects(n, 1)
	if len(objs) != n {
		t.Fatalf("Objects(%d) returned %d objects", n, len(objs))
	}
	norm := kube.NewNormalizer(kube.NewCatalog(), secrets.New())
	kinds := map[string]int{}
	ids := map[string]bool{}
	creds := 0
	resources := make([]*model.Resource, 0, n)
	for i, obj := range objs {
		r, err := norm.Normalize(obj, "bench", model.Source{Kind: model.SourceLive})
		if err != nil {
			t.Fatalf("object %d (%v %v): %v", i, obj["kind"], obj["metadata"], err)
		}
		if ids[r.ID] {
			t.Errorf("duplicate resource ID %s", r.ID)
		}
		ids[r.ID] = true
		resources = append(resources, r)
		kinds[r.Kind]++
		if c, _ := r.Attributes["credentials"].([]any); len(c) > 0 {
			creds++
		}
	}
	for _, k := range []string{"Namespace", "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod",
		"Service", "ConfigMap", "Secret", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding",
		"NetworkPolicy", "Ingress", "PodDisruptionBudget"} {
		if kinds[k] == 0 {
			t.Errorf("no %s among %d objects: %v", k, n, kinds)
		}
	}
	if got, want := kinds["Namespace"], n/benchgen.ObjectsPerNamespace; got != want {
		t.Errorf("%d namespaces, want %d", got, want)
	}
	if creds == 0 {
		t.Error("no object carries a detected credential")
	}
	// Most controlled pods run their template unchanged; those with an
	// injected sidecar do not.
	g := graph.New(resources)
	same, differ := 0, 0
	for _, r := range resources {
		if r.Kind != "Pod" || len(g.Out(r.ID, model.RelControlledBy)) == 0 {
			continue
		}
		if kube.SameAsController(g, r) {
			same++
		} else {
			differ++
		}
	}
	if same == 0 || differ == 0 || differ > same {
		t.Errorf("controlled pods: %d same as their controller, %d differing; want most the same, some differing", same, differ)
	}
	t.Logf("mix of %d objects: %v; %d with credentials; controlled pods: %d same as controller, %d differing", n, kinds, creds, same, differ)
}

func TestObjectsDeterministic(t *testing.T) {
	a, b := benchgen.Objects(500, 7), benchgen.Objects(500, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different objects")
	}
	if c := benchgen.Objects(500, 8); reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same objects")
	}
}

func TestWriteManifests(t *testing.T) {
	dir := t.TempDir()
	const files, per = 250, 3
	if err := benchgen.WriteManifests(dir, files, per, 1); err != nil {
		t.Fatal(err)
	}
	parser := k8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New()))
	var nfiles, nres int
	subdirs := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		res := parser.Parse(p, data)
		for _, e := range res.Errors {
			t.Errorf("%s", e.Error())
		}
		if len(res.Skipped) > 0 {
			t.Errorf("%s: skipped %v", p, res.Skipped)
		}
		if strings.Contains(string(data), "uid:") {
			t.Errorf("%s: manifest carries a server-set uid", p)
		}
		nfiles++
		nres += len(res.Resources)
		subdirs[filepath.Dir(p)] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if nfiles != files || nres != files*per {
		t.Errorf("read %d files and %d resources, want %d and %d", nfiles, nres, files, files*per)
	}
	if want := (files + benchgen.FilesPerDir - 1) / benchgen.FilesPerDir; len(subdirs) != want {
		t.Errorf("%d subdirectories, want %d", len(subdirs), want)
	}
}
