package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
)

// hello builds a small static program standing in for vigil: it answers
// `version` as vigil does.
func hello(t *testing.T, cgo string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	prog := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() { fmt.Println(\"vigil test\", os.Args[1:]) }\n"
	if cgo == "1" {
		prog = "package main\n\n// int one() { return 1; }\nimport \"C\"\nimport \"fmt\"\n\nfunc main() { fmt.Println(C.one()) }\n"
	}
	if err := os.WriteFile(src, []byte(prog), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "vigil")
	cmd := exec.Command("go", "build", "-o", bin, src)
	cmd.Env = append(os.Environ(), "CGO_ENABLED="+cgo, "GOFLAGS=")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("cannot build the stand-in binary (CGO_ENABLED=%s): %v\n%s", cgo, err, out)
	}
	return bin
}

func caFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "ca.crt")
	if err := os.WriteFile(p, []byte("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBuildAndCheck: a built layout passes the check, runs its
// entrypoint, and is reproducible; a rebuild under the same tag replaces
// the image.
func TestBuildAndCheck(t *testing.T) {
	bin, ca := hello(t, "0"), caFile(t)
	dir := filepath.Join(t.TempDir(), "oci")
	o := buildOptions{binary: bin, caCerts: ca, layout: dir, tag: "vigil:test", version: "test", arch: "amd64", epoch: 1700000000}
	d1, err := build(o)
	if err != nil {
		t.Fatal(err)
	}
	d2, err := build(o)
	if err != nil {
		t.Fatal(err)
	}
	if d1 != d2 {
		t.Errorf("two builds of the same inputs differ: %s, %s", d1, d2)
	}
	rep, err := check(dir, true)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	if !strings.Contains(rep, "user 65532:65532") || !strings.Contains(rep, "vigil test [version]") || strings.Count(rep, "vigil:test") != 1 {
		t.Errorf("check report:\n%s", rep)
	}
	for _, f := range []string{"oci-layout", "index.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("the layout lacks %s: %v", f, err)
		}
	}
}

// TestCheckRefuses: an image that runs as root, or has another
// entrypoint, fails the check; a dynamically linked binary is refused
// before it is written.
func TestCheckRefuses(t *testing.T) {
	bin, ca := hello(t, "0"), caFile(t)
	for name, edit := range map[string]func(*v1.Config){
		"root":       func(c *v1.Config) { c.User = "0" },
		"no user":    func(c *v1.Config) { c.User = "" },
		"entrypoint": func(c *v1.Config) { c.Entrypoint = []string{"/bin/sh", "-c", "vigil"} },
		"data home":  func(c *v1.Config) { c.Env = []string{"PATH=/usr/bin"} },
	} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "oci")
			if _, err := build(buildOptions{binary: bin, caCerts: ca, layout: dir, tag: "vigil:test", arch: "amd64"}); err != nil {
				t.Fatal(err)
			}
			p, err := layout.FromPath(dir)
			if err != nil {
				t.Fatal(err)
			}
			idx, err := p.ImageIndex()
			if err != nil {
				t.Fatal(err)
			}
			im, err := idx.IndexManifest()
			if err != nil {
				t.Fatal(err)
			}
			img, err := idx.Image(im.Manifests[0].Digest)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := img.ConfigFile()
			if err != nil {
				t.Fatal(err)
			}
			cfg = cfg.DeepCopy()
			edit(&cfg.Config)
			bad, err := mutate.ConfigFile(img, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.RemoveDescriptors(func(v1.Descriptor) bool { return true }); err != nil {
				t.Fatal(err)
			}
			if err := p.AppendImage(bad, layout.WithAnnotations(map[string]string{refName: "vigil:bad"})); err != nil {
				t.Fatal(err)
			}
			if _, err := check(dir, false); err == nil {
				t.Errorf("an image with %s passed the check", name)
			}
		})
	}
	dyn := hello(t, "1")
	if _, err := build(buildOptions{binary: dyn, caCerts: ca, layout: filepath.Join(t.TempDir(), "oci"), tag: "vigil:test", arch: "amd64"}); err == nil || !strings.Contains(err.Error(), "CGO_ENABLED=0") {
		t.Errorf("a dynamically linked binary was accepted: %v", err)
	}
}
