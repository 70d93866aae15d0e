package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/diag"
)

// maxFileSize bounds a configuration file.
const maxFileSize = 1 << 20

// Load reads the configuration file at path. A file that cannot be
// read is an error naming it; mistakes in it are *Errors.
func Load(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("configuration file %s does not exist: check --config (or VIGIL_CONFIG), or run without it for the defaults", path)
		}
		return nil, fmt.Errorf("read configuration file: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("configuration file %s is a directory: give the path of a vigil.yaml", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration file %s: %w", path, err)
	}
	return Parse(path, data)
}

// yamlLine finds the line in yaml.v3's syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads a configuration from data; file names it in errors and
// relative secret files are read from its directory.
func Parse(file string, data []byte) (cfg *Config, err error) {
	d := &decoder{YAML: diag.YAML{List: diag.List{File: file}}, dir: filepath.Dir(file)}
	switch {
	case len(data) > maxFileSize:
		d.Add(0, 0, "the file is larger than %d MiB: is it the right file?", maxFileSize>>20)
		return nil, d.Err()
	case !utf8.Valid(data):
		d.Add(0, 0, "the file is not UTF-8 text")
		return nil, d.Err()
	}
	root, ok := d.document(data)
	if !ok {
		return nil, d.Err()
	}
	defer func() {
		// The walk is ours and must not panic (FuzzLoad); yaml.v3's
		// decoding of scalars is not, so a panic is still an error.
		if p := recover(); p != nil {
			cfg, err = nil, &Errors{List: []*Error{{File: file, Message: fmt.Sprintf("internal error reading the file, please report it: %v", p)}}}
		}
	}()
	cfg = Default()
	cfg.file = file
	if !d.version(root, cfg) {
		return nil, d.Err()
	}
	secs := sections()
	fields := []field{{"version", func(*yaml.Node, string) {}}}
	for _, s := range secs {
		fields = append(fields, field{s.name, func(n *yaml.Node, path string) { s.decode(d, n, cfg, path) }})
	}
	d.object(root, "", fields...)
	if err := d.Err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// document parses data into its one document's root node.
func (d *decoder) document(data []byte) (root *yaml.Node, ok bool) {
	defer func() {
		if p := recover(); p != nil {
			d.Add(0, 0, "not valid YAML (%v)", p)
			root, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	switch err := dec.Decode(&doc); {
	case errors.Is(err, io.EOF):
		d.Add(0, 0, "the file is empty: start it with version: %d", Versions[len(Versions)-1])
		return nil, false
	case err != nil:
		d.syntax(err)
		return nil, false
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		if err != nil {
			d.syntax(err)
		} else {
			d.Add(next.Line, 0, "a second YAML document (after ---): vigil.yaml holds one; merge them or remove the ---")
		}
		return nil, false
	}
	if len(doc.Content) == 0 {
		d.Add(0, 0, "the file is empty: start it with version: %d", Versions[len(Versions)-1])
		return nil, false
	}
	return doc.Content[0], true
}

// syntax reports a YAML syntax error at its line.
func (d *decoder) syntax(err error) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		d.Add(line, 0, "not valid YAML: %s", m[2])
		return
	}
	d.Add(0, 0, "not valid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// version reads the required version key; the rest of a file of a
// version this Vigil does not read is not checked.
func (d *decoder) version(root *yaml.Node, cfg *Config) bool {
	want := strings.Trim(strings.ReplaceAll(fmt.Sprint(Versions), " ", ", "), "[]")
	root = d.Resolve(root)
	if root == nil || root.Kind != yaml.MappingNode {
		n := d.line(root)
		what := "nothing"
		if root != nil {
			what = describe(root)
		}
		d.fail(n, "the file must be a mapping starting with version: %s, not %s", want, what)
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := d.Resolve(root.Content[i]); k == nil || k.Value != "version" {
			continue
		}
		v, ok := d.scalar(root.Content[i+1], "version", "the number "+want)
		if !ok {
			if d.Resolve(root.Content[i+1]) == nil {
				d.fail(root.Content[i], "version has no value: write version: %s", want)
			}
			return false
		}
		n, err := strconv.Atoi(v.Value)
		if err != nil || v.ShortTag() != "!!int" {
			d.fail(v, "version must be the number %s, not %q", want, v.Value)
			return false
		}
		if !slices.Contains(Versions, n) {
			d.fail(v, "version %d is not one this Vigil reads: it reads version %s (a newer Vigil may read %d)", n, want, n)
			return false
		}
		cfg.Version = n
		return true
	}
	d.fail(root, "version is missing: add version: %s as the first line", want)
	return false
}
