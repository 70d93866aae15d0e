package scan

import (
	"bytes"
	"context"
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite library.precompiled")

// TestPrecompiledUpToDate precompiles the embedded library and
// frameworks again and requires the bytes the binary embeds: a changed
// rule, framework, engine or OPA makes them stale. go generate
// ./internal/scan rewrites them (this test with -update).
func TestPrecompiledUpToDate(t *testing.T) {
	b, err := Precompile(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("library.precompiled", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if !bytes.Equal(b, precompiled) {
		t.Fatal("library.precompiled is stale (the rules, frameworks, engine or OPA changed): run go generate ./internal/scan")
	}
}

// TestLoadLibraryPrecompiled: the binary's library comes from the
// precompiled form, and is the library compiled from the files.
func TestLoadLibraryPrecompiled(t *testing.T) {
	ctx := context.Background()
	lib, err := LoadLibrary(ctx, LibraryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !lib.Engine.Precompiled() {
		t.Fatal("the library was compiled, not taken from library.precompiled")
	}
	saved := precompiled
	t.Cleanup(func() { precompiled = saved })
	precompiled = nil
	compiled, err := LoadLibrary(ctx, LibraryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if compiled.Engine.Precompiled() {
		t.Fatal("the library was precompiled without library.precompiled")
	}
	if lib.Hash != compiled.Hash {
		t.Errorf("hash %s, compiled %s", lib.Hash, compiled.Hash)
	}
	if len(lib.Rules()) != len(compiled.Rules()) || len(lib.Frameworks.Frameworks()) != len(compiled.Frameworks.Frameworks()) {
		t.Error("the precompiled library holds other rules or frameworks than the compiled one")
	}
}
