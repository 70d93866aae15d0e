package terraform

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// writeTree writes files (path → content) under a new temporary
// directory and returns it.
func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, c := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func byAddress(insts []cloudres.Instance) map[string]cloudres.Instance {
	out := map[string]cloudres.Instance{}
	for _, in := range insts {
		out[in.Address] = in
	}
	return out
}

func addresses(insts []cloudres.Instance) []string {
	var out []string
	for _, in := range insts {
		out = append(out, in.Address)
	}
	sort.Strings(out)
	return out
}

func errText(errs []model.InputError) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error())
		b.WriteString("\n")
	}
	return b.String()
}

// get returns the value at path of the instance at addr, failing the
// test when either is missing.
func get(t *testing.T, insts map[string]cloudres.Instance, addr, path string) any {
	t.Helper()
	in, ok := insts[addr]
	if !ok {
		t.Fatalf("no instance %s", addr)
	}
	v, ok := in.Get(path)
	if !ok {
		t.Fatalf("%s: no value at %s in %v", addr, path, in.Values)
	}
	return v
}
