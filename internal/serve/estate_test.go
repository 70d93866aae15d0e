package serve

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"testing"
)

// TestEstateMatchesExamples: the demo's bundled estate is a copy of
// examples/ (embed cannot reach outside the package); refresh it with
// cp when the examples change.
func TestEstateMatchesExamples(t *testing.T) {
	pairs := map[string]string{"estate/aws": "examples/aws", "estate/manifests": "examples"}
	n := 0
	err := fs.WalkDir(estate, "estate", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for prefix, ex := range pairs {
			rel, ok := cutDir(p, prefix)
			if !ok {
				continue
			}
			want, err := os.ReadFile(filepath.Join("..", "..", ex, filepath.FromSlash(rel)))
			if err != nil {
				t.Errorf("%s has no counterpart under %s: %v", p, ex, err)
				return nil
			}
			got, _ := fs.ReadFile(estate, p)
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s/%s: cp -r examples/... internal/serve/estate/...", p, ex, rel)
			}
			n++
		}
		return nil
	})
	if err != nil || n < 10 {
		t.Fatalf("compared %d files: %v", n, err)
	}
}

func cutDir(p, dir string) (string, bool) {
	if len(p) > len(dir) && p[:len(dir)] == dir && p[len(dir)] == '/' {
		return path.Clean(p[len(dir)+1:]), true
	}
	return "", false
}
