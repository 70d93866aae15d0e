// Command geniac writes a deterministic cloud IaC benchmark corpus (see
// benchgen.IaCShapes) and prints what to scan and the number of aws.*
// resources a scan of it reports:
//
//	go run ./internal/benchgen/cmd/geniac -out DIR -shape TF110|CFN60|ModLib130|TF5000 [-seed S]
//
// prints "PATH RESOURCES", PATH under DIR.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vigil-cspm/vigil/internal/benchgen"
)

func main() {
	out := flag.String("out", "", "directory to write the corpus to (required)")
	shape := flag.String("shape", "", "corpus shape: TF110, CFN60, ModLib130 or TF5000")
	seed := flag.Uint64("seed", 1, "generator seed")
	flag.Parse()
	if err := run(*out, *shape, *seed); err != nil {
		fmt.Fprintf(os.Stderr, "geniac: %v\n", err)
		os.Exit(1)
	}
}

func run(out, name string, seed uint64) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	for _, s := range benchgen.IaCShapes() {
		if s.Name == name {
			if err := benchgen.WriteIaC(out, s, seed); err != nil {
				return err
			}
			fmt.Println(filepath.Join(out, s.Path), s.AWSResources)
			return nil
		}
	}
	return fmt.Errorf("unknown -shape %q", name)
}
