package main

import (
	"archive/tar"
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
)

// staticELF fails unless b is an ELF executable with no dynamic loader
// and no shared libraries: it runs in an image with nothing else.
func staticELF(b []byte) error {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("not an ELF executable: %w", err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return errors.New("dynamically linked (it names a program interpreter)")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		return fmt.Errorf("needs shared libraries %v", libs)
	}
	return nil
}

// check reads every image of the layout and holds it to what the
// deployment relies on: a non-root numeric user, the vigil entrypoint,
// a static binary, no shell, the store's directory owned by the user,
// CA certificates. With run, it also runs the entrypoint (version) from
// an extracted copy. It returns a report for people.
func check(dir string, run bool) (string, error) {
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		return "", fmt.Errorf("read the layout %s: %w", dir, err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		return "", err
	}
	if len(im.Manifests) == 0 {
		return "", fmt.Errorf("the layout %s holds no image", dir)
	}
	var rep strings.Builder
	for _, desc := range im.Manifests {
		line, err := checkImage(idx, desc, run)
		if err != nil {
			return "", fmt.Errorf("image %s (%s): %w", desc.Annotations[refName], desc.Digest, err)
		}
		rep.WriteString(line)
	}
	return rep.String(), nil
}

func checkImage(idx v1.ImageIndex, desc v1.Descriptor, run bool) (string, error) {
	img, err := idx.Image(desc.Digest)
	if err != nil {
		return "", err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return "", err
	}
	c := cfg.Config
	if c.User != user {
		return "", fmt.Errorf("runs as user %q, want %q (non-root)", c.User, user)
	}
	if !slices.Equal(c.Entrypoint, []string{entrypoint}) {
		return "", fmt.Errorf("entrypoint %v, want [%s]", c.Entrypoint, entrypoint)
	}
	if !slices.Contains(c.Env, "XDG_DATA_HOME="+dataHome) {
		return "", fmt.Errorf("no XDG_DATA_HOME=%s: the default store would be under the read-only home", dataHome)
	}
	layers, err := img.Layers()
	if err != nil {
		return "", err
	}
	seen := map[string]*tar.Header{}
	var binary []byte
	for _, l := range layers {
		rc, err := l.Uncompressed()
		if err != nil {
			return "", err
		}
		tr := tar.NewReader(rc)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				rc.Close()
				return "", fmt.Errorf("read a layer: %w", err)
			}
			p := "/" + strings.TrimSuffix(strings.TrimPrefix(h.Name, "./"), "/")
			seen[p] = h
			if p == entrypoint {
				if binary, err = io.ReadAll(tr); err != nil {
					rc.Close()
					return "", err
				}
			}
		}
		rc.Close()
	}
	for _, sh := range []string{"/bin/sh", "/bin/bash", "/usr/bin/sh", "/bin/busybox"} {
		if _, ok := seen[sh]; ok {
			return "", fmt.Errorf("ships a shell, %s", sh)
		}
	}
	if h := seen[entrypoint]; h == nil || h.Typeflag != tar.TypeReg || h.Mode&0o111 == 0 {
		return "", fmt.Errorf("the entrypoint %s is not an executable file", entrypoint)
	}
	if err := staticELF(binary); err != nil {
		return "", fmt.Errorf("%s: %w", entrypoint, err)
	}
	if d := seen[storeDir]; d == nil || d.Typeflag != tar.TypeDir || d.Uid != uid {
		return "", fmt.Errorf("%s is not a directory owned by %d", storeDir, uid)
	}
	if _, ok := seen[caBundle]; !ok {
		return "", fmt.Errorf("no CA bundle at %s: TLS to cloud APIs would fail", caBundle)
	}
	line := fmt.Sprintf("%s %s: user %s, entrypoint %s (static, %d bytes), %d files, no shell\n", desc.Annotations[refName], desc.Digest, c.User, entrypoint, len(binary), len(seen))
	if run {
		out, err := runBinary(binary)
		if err != nil {
			return "", fmt.Errorf("%s version: %w", entrypoint, err)
		}
		line += "  " + entrypoint + " version: " + out
	}
	return line, nil
}

// runBinary runs the image's binary with `version` in an empty
// environment, as a container without a shell would.
func runBinary(b []byte) (string, error) {
	dir, err := os.MkdirTemp("", "vigil-image-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	p := filepath.Join(dir, "vigil")
	if err := os.WriteFile(p, b, 0o755); err != nil {
		return "", err
	}
	cmd := exec.Command(p, "version")
	cmd.Env = []string{"HOME=" + dir, "XDG_DATA_HOME=" + dir}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%v: %s", err, out)
	}
	return string(out), nil
}
