package config

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxSecretSize bounds a secret file.
const maxSecretSize = 64 << 10

// SecretRef names where a secret is kept — an environment variable or a
// file — never the secret itself. It is read when used (Resolve), so a
// Config never holds a secret and showing one shows only the reference.
type SecretRef struct {
	Env  string `yaml:"env,omitempty" json:"env,omitempty"`
	File string `yaml:"file,omitempty" json:"file,omitempty"`
	// at is where the reference is written (file:line) and key its key
	// (store.dsn), for errors; dir is the directory a relative File is
	// read from.
	at, key, dir string
}

// IsZero reports whether no secret is referenced.
func (s *SecretRef) IsZero() bool { return s == nil || s.Env == "" && s.File == "" }

// String names the reference: "env:NAME" or "file:PATH".
func (s *SecretRef) String() string {
	switch {
	case s.IsZero():
		return ""
	case s.Env != "":
		return "env:" + s.Env
	}
	return "file:" + s.File
}

// Resolve reads the secret: the environment variable's value, or the
// file's content without its final line break. A file other users may
// read is logged as a warning on log (nil: not logged).
func (s *SecretRef) Resolve(log *slog.Logger) (string, error) {
	where := s.key
	if s.at != "" {
		where = s.at + ": " + s.key
	}
	switch {
	case s.IsZero():
		return "", fmt.Errorf("%s: no secret referenced: write {env: NAME} or {file: PATH}", where)
	case s.Env != "":
		v, ok := os.LookupEnv(s.Env)
		if !ok {
			return "", fmt.Errorf("%s: environment variable %s is not set: export it, or point %s at another variable or a file", where, s.Env, s.key)
		}
		if v == "" {
			return "", fmt.Errorf("%s: environment variable %s is empty: set it to the secret", where, s.Env)
		}
		return v, nil
	}
	p := s.File
	if !filepath.IsAbs(p) && s.dir != "" {
		p = filepath.Join(s.dir, p)
	}
	f, err := os.Open(p)
	if err != nil {
		return "", fmt.Errorf("%s: read secret file: %w (check the path and that Vigil may read it)", where, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("%s: read secret file: %w", where, err)
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s: secret file %s is not a regular file", where, p)
	}
	if fi.Mode().Perm()&0o004 != 0 && log != nil {
		log.Warn("secret file is readable by every user: chmod o-r it", "file", p, "key", s.key, "at", s.at)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxSecretSize+1))
	if err != nil {
		return "", fmt.Errorf("%s: read secret file %s: %w", where, p, err)
	}
	if len(b) > maxSecretSize {
		return "", fmt.Errorf("%s: secret file %s is larger than %d KiB: is it the right file?", where, p, maxSecretSize>>10)
	}
	v := strings.TrimRight(string(b), "\r\n")
	if v == "" {
		return "", fmt.Errorf("%s: secret file %s is empty", where, p)
	}
	return v, nil
}

// secret reads a SecretRef: {env: NAME} or {file: PATH}. A plain string
// is refused: secrets are never written in the file.
func (d *decoder) secret(n *yaml.Node, path string) *SecretRef {
	if n = d.Resolve(n); n == nil {
		return nil
	}
	hint := fmt.Sprintf("write it as {env: VIGIL_%s} or {file: /run/secrets/%s}", envName(path), strings.ToLower(envName(path)))
	if n.Kind == yaml.ScalarNode {
		d.fail(n, "%s is a secret and is never written in the file: %s", path, hint)
		return nil
	}
	ref := &SecretRef{at: fmt.Sprintf("%s:%d", d.File, n.Line), key: path, dir: d.dir}
	d.object(n, path,
		field{"env", func(v *yaml.Node, p string) {
			if s, ok := d.name(v, p, "the name of an environment variable"); ok {
				if strings.ContainsAny(s, "= \t\n") {
					d.fail(d.Resolve(v), "%s: %q is not an environment variable name", p, s)
					return
				}
				ref.Env = s
			}
		}},
		field{"file", func(v *yaml.Node, p string) {
			if s, ok := d.name(v, p, "the path of a file holding the secret"); ok {
				ref.File = s
			}
		}},
	)
	switch {
	case ref.Env != "" && ref.File != "":
		d.fail(n, "%s: give env or file, not both", path)
		return nil
	case ref.IsZero():
		if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
			d.fail(n, "%s names no secret: %s", path, hint)
		}
		return nil
	}
	return ref
}

// envName suggests an environment variable for a key: store.dsn →
// STORE_DSN.
func envName(path string) string {
	return strings.ToUpper(strings.NewReplacer(".", "_", "[", "_", "]", "").Replace(path))
}
