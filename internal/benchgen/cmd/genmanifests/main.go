// Command genmanifests writes deterministic, realistic Kubernetes manifests
// for benchmarks (see package benchgen):
//
//	go run ./internal/benchgen/cmd/genmanifests -out DIR -files N -per-file M [-seed S]
//	go run ./internal/benchgen/cmd/genmanifests -out DIR -namespaces N -per-namespace M [-seed S]
//
// DIR must not exist or be empty. It receives N multi-document YAML
// files of M objects each, benchgen.FilesPerDir files per subdirectory;
// or, with -namespaces, N namespaces of M objects, one object per file,
// one directory per namespace.
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
	namespaces := flag.Int("namespaces", 0, "write this many namespaces of -per-namespace objects, one directory each (instead of -files)")
	perNS := flag.Int("per-namespace", 1000, "objects per namespace with -namespaces")
	flag.Parse()
	if *namespaces > 0 {
		if err := empty(*out); err != nil {
			fmt.Fprintf(os.Stderr, "genmanifests: %v\n", err)
			os.Exit(1)
		}
		if err := benchgen.WriteNamespaces(*out, *namespaces, *perNS, *seed); err != nil {
			fmt.Fprintf(os.Stderr, "genmanifests: %v\n", err)
			os.Exit(1)
		}
		return
	}
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
	if err := empty(out); err != nil {
		return err
	}
	return benchgen.WriteManifests(out, files, perFile, seed)
}

// empty checks that out is given and holds nothing.
func empty(out string) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty", out)
	}
	return nil
}
