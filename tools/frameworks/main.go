// Command frameworks writes the derived compliance frameworks
// (pci-dss-4.0.1, nist-800-53-r5, soc2-2017, iso-27001-2022) from
// frameworks/aws-fsbp.yaml and frameworks/crosswalks. Run it from the
// repository root after changing either:
//
//	go run ./tools/frameworks          # rewrite the files
//	go run ./tools/frameworks -check   # exit 1 when a file is stale
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/vigil-cspm/vigil/internal/compliance/derive"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	fl := flag.NewFlagSet("frameworks", flag.ContinueOnError)
	dir := fl.String("dir", "frameworks", "the frameworks directory")
	check := fl.Bool("check", false, "write nothing; exit 1 when a derived file is stale")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	files, err := derive.Generate(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "frameworks:", err)
		return 1
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	stale := 0
	for _, n := range names {
		path := filepath.Join(*dir, n)
		old, _ := os.ReadFile(path)
		if bytes.Equal(old, files[n]) {
			continue
		}
		stale++
		if *check {
			fmt.Fprintf(os.Stderr, "%s is stale: run go run ./tools/frameworks\n", path)
			continue
		}
		if err := os.WriteFile(path, files[n], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "frameworks:", err)
			return 1
		}
		fmt.Fprintf(os.Stderr, "wrote %s\n", path)
	}
	if *check && stale > 0 {
		return 1
	}
	return 0
}
