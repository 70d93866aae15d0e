package awsadapt

import (
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// TestAdapterFiles keeps the layout: one adapter per modelled aws.* type,
// whose functions are declared in the file named after the type
// (aws.s3.bucket in s3_bucket.go), as the live collectors are.
func TestAdapterFiles(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range adapters() {
		if seen[a.Target] {
			t.Errorf("%s has two adapters", a.Target)
		}
		seen[a.Target] = true
		if _, ok := awsmodel.Lookup(a.Target); !ok {
			t.Errorf("%s is not a modelled type", a.Target)
		}
		if (len(a.Main) > 0) != (a.Build != nil) || len(a.consumes()) == 0 || (a.Build == nil && a.Extra == nil) {
			t.Errorf("%s: an adapter builds its Main instances with Build, or has Extra", a.Target)
			continue
		}
		want := strings.ReplaceAll(strings.TrimPrefix(a.Target, "aws."), ".", "_") + ".go"
		for _, f := range []any{a.Build, a.Extra} {
			if reflect.ValueOf(f).IsNil() {
				continue
			}
			fn := runtime.FuncForPC(reflect.ValueOf(f).Pointer())
			file, _ := fn.FileLine(fn.Entry())
			if got := filepath.Base(file); got != want {
				t.Errorf("%s is adapted by %s in %s, want it in %s", a.Target, fn.Name(), got, want)
			}
		}
	}
}
