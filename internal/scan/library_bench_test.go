package scan

import (
	"context"
	"testing"
)

// BenchmarkLoadLibrary is what every command pays before its work:
// the embedded rule library and frameworks, read from
// library.precompiled. No resource type is prepared.
func BenchmarkLoadLibrary(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		lib, err := LoadLibrary(ctx, LibraryOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if !lib.Engine.Precompiled() {
			b.Fatal("library.precompiled is stale: run go generate ./internal/scan")
		}
	}
}
