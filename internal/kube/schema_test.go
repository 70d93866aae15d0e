package kube

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite generated files")

// TestSchemasUpToDate keeps schemas/k8s.*.json equal to what the Go types
// generate; run with -update after changing the normalizer.
func TestSchemasUpToDate(t *testing.T) {
	c := NewCatalog()
	dir := filepath.Join("..", "..", "schemas")
	for _, k := range c.Kinds() {
		s, _ := c.Schema(k.Type)
		want, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, '\n')
		file := filepath.Join(dir, k.Type+".json")
		if *update {
			if err := os.WriteFile(file, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go test ./internal/kube -run TestSchemasUpToDate -update", file)
		}
	}
}
