package k8s

import (
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"os"
)

// TestNormalizeOwnedAgrees holds the in-place normalization of the fast
// reader's documents to the copying one, on every manifest of the rule
// fixtures and the corpora: same resources, same attributes.
func TestNormalizeOwnedAgrees(t *testing.T) {
	p := parser()
	files, objects := 0, 0
	for _, root := range []string{"../../../rules/testdata", "../testdata", "../../../rules"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			copied, ok1 := p.fast.read(data)
			owned, ok2 := p.fast.read(data)
			if !ok1 || !ok2 {
				return nil // yaml.v3's documents are never normalized in place
			}
			files++
			for i := range copied {
				if copied[i].kind != mappingNode {
					continue
				}
				want, errWant := p.norm.Normalize(copied[i].value, kube.IaCAccount, model.Source{File: path})
				got, errGot := p.norm.NormalizeOwned(owned[i].value, kube.IaCAccount, model.Source{File: path})
				if (errWant == nil) != (errGot == nil) {
					t.Fatalf("%s document %d: error %v in place, %v copied", path, i, errGot, errWant)
				}
				if errWant != nil {
					continue
				}
				objects++
				if !reflect.DeepEqual(want, got) {
					t.Fatalf("%s document %d: in place\n%#v\ncopied\n%#v", path, i, got.Attributes, want.Attributes)
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if objects < 500 {
		t.Fatalf("compared %d objects of %d files: the fixtures moved?", objects, files)
	}
	t.Logf("%d objects of %d files agree", objects, files)
}
