package scan

import (
	"bytes"
	"context"
	_ "embed" // library.precompiled
	"encoding/binary"

	"github.com/vigil-cspm/vigil/frameworks"
	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// precompiled is the embedded rule library and frameworks as Precompile
// makes them at build time, so that no command parses, compiles and
// plans the library, or parses the frameworks' YAML, when it starts.
// TestPrecompiledUpToDate fails when it is stale; a stale one is never
// used (LoadLibrary compiles instead: see policy.Options.Precompiled).
//
//go:generate go test -run ^TestPrecompiledUpToDate$ -update .
//go:embed library.precompiled
var precompiled []byte

const precompiledMagic = "vigil library\x00"

// Precompile returns the embedded rule library (policy.Precompile) and
// frameworks (compliance.Set.Encode), loaded and checked: the content of
// library.precompiled.
func Precompile(ctx context.Context) ([]byte, error) {
	lib, err := policy.Precompile(ctx, libraryPolicyOptions())
	if err != nil {
		return nil, err
	}
	fws, err := compliance.Load(frameworks.FS)
	if err != nil {
		return nil, err
	}
	fw, err := fws.Encode()
	if err != nil {
		return nil, err
	}
	out := append([]byte(precompiledMagic), binary.AppendUvarint(nil, uint64(len(lib)))...)
	out = append(out, lib...)
	return append(out, fw...), nil
}

// libraryPolicyOptions load the embedded rules.
func libraryPolicyOptions() policy.Options {
	return policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS}
}

// splitPrecompiled returns the rule library and the frameworks of a
// Precompile result; nil for what b does not hold (LoadLibrary then
// loads the files).
func splitPrecompiled(b []byte) (lib, fws []byte) {
	rest, ok := bytes.CutPrefix(b, []byte(precompiledMagic))
	n, size := binary.Uvarint(rest)
	if !ok || size <= 0 || n > uint64(len(rest)-size) {
		return nil, nil
	}
	rest = rest[size:]
	return rest[:n], rest[n:]
}

// loadFrameworks decodes the precompiled frameworks when they were made
// from the embedded files, and loads the files otherwise.
func loadFrameworks(pre []byte) (*compliance.Set, error) {
	digest, err := compliance.Digest(frameworks.FS)
	if err != nil {
		return nil, err
	}
	if pre != nil {
		s, err := compliance.Decode(pre)
		if err != nil {
			return nil, err
		}
		if s.Digest() == digest {
			return s, nil
		}
	}
	return compliance.Load(frameworks.FS)
}
