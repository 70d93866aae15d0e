package k8s

import (
	"io/fs"
	"os"
	"path/filepath"
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
