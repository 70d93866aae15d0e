package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad: Parse never panics, reports every mistake as *Errors with a
// message, and what Marshal prints of a configuration it accepts reads
// back to the same configuration.
func FuzzLoad(f *testing.F) {
	if ex, err := os.ReadFile(filepath.Join("..", "..", "examples", "vigil.yaml")); err == nil {
		f.Add(ex)
	}
	for _, s := range []string{
		"version: 1\n",
		"version: 1\nexceptions: {max_ttl: 1w2d, require_expiry: true}\n",
		"version: 1\ndue_dates: {critical: 1d, info: none}\n",
		"version: 1\nowners: {tag_keys: &k [a], map: [{match: {path_prefix: a/*}, owner: b}]}\ncriticality: {tag_keys: *k}\n",
		"version: 1\nrules: {parameters: {admin_ports: [22]}, overrides: [{match: {cluster: c}, parameters: {allowed_image_registries: [x.io]}}]}\n",
		"version: 1\nstore: {dsn: {file: ./dsn}}\n",
		"version: 1\ninventory: {accounts: [\"012345678901\", 111111111111], organizations: [o-abcdefghij], clusters: [prod, \"\"]}\n",
		"version: 2\n",
		"- a\n",
		"version: 1\n---\n",
		"{version: 1, x: [*a]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("vigil.yaml", data)
		if err != nil {
			var errs *Errors
			if !errors.As(err, &errs) || len(errs.List) == 0 {
				t.Fatalf("error %v is not *Errors with a mistake", err)
			}
			for _, e := range errs.List {
				if e.Message == "" || strings.Contains(e.Message, "internal error") {
					t.Fatalf("bad error: %v", e)
				}
			}
			return
		}
		out, err := cfg.Marshal("yaml")
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := Parse("vigil.yaml", out)
		if err != nil {
			t.Fatalf("what Marshal printed does not read back:\n%s\n%v", out, err)
		}
		again, _ := back.Marshal("yaml")
		if !bytes.Equal(out, again) {
			t.Fatalf("Marshal → Parse → Marshal differs:\n%s\n---\n%s", out, again)
		}
		if _, err := cfg.Marshal("json"); err != nil {
			t.Fatalf("Marshal json: %v", err)
		}
	})
}
