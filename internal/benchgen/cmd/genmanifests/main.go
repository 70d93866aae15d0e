// Command genmanifests writes deterministic, realistic Kubernetes manifests
// for benchmarks (see package benchgen):
//
//	go run ./internal/benchgen/cmd/genmanifests -out DIR -files N -per-file M [-seed S]
//
// DIR must not exist or be empty; it receives N multi-document YAML files
// of M objects each, benchgen.FilesPerDir files per subdirectory.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vigil-cspm/vigil/internal/benchgen"
)

func main() {
	out := flag.String("out", "", "directory to write the manifests to (required; must be empty or absent)")
	files := flag.Int("files", 10000, "number of manifest files")
	perFile := flag.Int("per-file", 1, "objects per file")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()
	if err := run(*out, *files, *perFile, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "genmanifests: %v\n", err)
		os.Exit(1)
	}
}

func run(out string, files, perFile int, seed uint64) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	if files < 1 || perFile < 1 {
		return fmt.Errorf("-files and -per-file must be at least 1")
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", out)
	}
	return benchgen.WriteManifests(out, files, perFile, seed)
}
