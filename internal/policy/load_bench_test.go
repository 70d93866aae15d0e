package policy_test

import (
	"context"
	"testing"

	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// BenchmarkLoadLibrary measures start-up: loading, checking and compiling
// the whole embedded library.
func BenchmarkLoadLibrary(b *testing.B) {
	for b.Loop() {
		if _, err := policy.Load(context.Background(), policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS, CheckLibrary: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLibraryTrusted is the binary's start-up path: the library
// is not re-type-checked.
func BenchmarkLoadLibraryTrusted(b *testing.B) {
	for b.Loop() {
		if _, err := policy.Load(context.Background(), policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLibraryPrecompiled is the binary's start-up path: the
// library is read from its precompiled form (Precompile), and no type
// is prepared until a resource of it is evaluated.
func BenchmarkLoadLibraryPrecompiled(b *testing.B) {
	ctx := context.Background()
	opts := policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS}
	pre, err := policy.Precompile(ctx, opts)
	if err != nil {
		b.Fatal(err)
	}
	opts.Precompiled = pre
	b.ReportMetric(float64(len(pre)), "bytes")
	for b.Loop() {
		if _, err := policy.Load(ctx, opts); err != nil {
			b.Fatal(err)
		}
	}
}
