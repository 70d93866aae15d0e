package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoInit fails when a package of the binary declares an init
// function: Go runs every linked package's init before any command, so
// registration and set-up belong in explicit wiring (internal/cli) or
// happen on first use, paid only by the commands that need them.
func TestNoInit(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if .Module}}{{if .Module.Main}}{{.Dir}} {{join .GoFiles \" \"}}{{end}}{{end}}", module+"cmd/vigil").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	fset := token.NewFileSet()
	files := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		for _, name := range fields[1:] {
			path := filepath.Join(fields[0], name)
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files++
			for _, d := range f.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
					t.Errorf("%s declares init(): wire it explicitly or do it on first use", fset.Position(fn.Pos()))
				}
			}
		}
	}
	if files < 50 {
		t.Fatalf("checked only %d files", files)
	}
}
