package k8s

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/benchgen"
)

// BenchmarkParseManifests parses one-object manifest files as `vigil scan
// iac` reads them, one after another on one core: 2,000 generated as
// genmanifests writes them, or those under VIGIL_BENCH_MANIFESTS (such
// as genmanifests' 100,000).
func BenchmarkParseManifests(b *testing.B) {
	names, files, size := benchManifests(b)
	p := parser()
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for i, data := range files {
			if res := p.Parse(names[i], data); len(res.Errors) > 0 {
				b.Fatal(res.Errors)
			}
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N*len(files)), "µs/file")
}

// BenchmarkReadManifests reads the same files into documents with each
// reader, without making resources of them.
func BenchmarkReadManifests(b *testing.B) {
	names, files, size := benchManifests(b)
	for _, rd := range readers() {
		b.Run(rd.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for i, data := range files {
					if _, ok := rd.read(names[i], data); !ok {
						b.Fatalf("%s: the fast reader gave up", names[i])
					}
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N*len(files)), "µs/file")
		})
	}
}

func benchManifests(b *testing.B) (names []string, files [][]byte, size int) {
	b.Helper()
	dir := os.Getenv("VIGIL_BENCH_MANIFESTS")
	if dir == "" {
		dir = b.TempDir()
		if err := benchgen.WriteNamespaces(dir, 2, 1000, 1); err != nil {
			b.Fatal(err)
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		names, files, size = append(names, path), append(files, data), size+len(data)
		return err
	})
	if err != nil || len(files) == 0 {
		b.Fatalf("no manifests in %s: %v", dir, err)
	}
	return names, files, size
}

// listFile is a kind: List of n ConfigMaps, each four lines long.
func listFile(n int) []byte {
	var b strings.Builder
	b.WriteString("apiVersion: v1\nkind: List\nitems:\n")
	for i := range n {
		fmt.Fprintf(&b, "- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c%d\n", i)
	}
	return []byte(b.String())
}

// BenchmarkParseList parses one List file of growing size: the time per
// item stays flat (items are located in one walk of the index; it grew
// with the list when each item was looked up from the first).
func BenchmarkParseList(b *testing.B) {
	p := parser()
	for _, n := range []int{5000, 20000} {
		data := listFile(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if res := p.Parse("list.yaml", data); len(res.Resources) != n {
					b.Fatalf("%d resources, want %d", len(res.Resources), n)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N*n), "µs/item")
		})
	}
}
