package main

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// The image's fixed facts, which check holds it to.
const (
	uid        = 65532
	user       = "65532:65532"
	entrypoint = "/usr/bin/vigil"
	dataHome   = "/var/lib"       // XDG_DATA_HOME: the store is /var/lib/vigil/vigil.db
	storeDir   = "/var/lib/vigil" // a volume in Kubernetes
	configDir  = "/etc/vigil"     // vigil.yaml, from a ConfigMap
	caBundle   = "/etc/ssl/certs/ca-certificates.crt"
	refName    = "org.opencontainers.image.ref.name"
)

type buildOptions struct {
	binary, caCerts, layout, tag, version, arch string
	epoch                                       int64
}

// entry is one file or directory of the layer.
type entry struct {
	path     string
	mode     int64
	uid      int
	dir      bool
	contents []byte
}

// files is the whole root filesystem.
func files(binary, ca []byte) []entry {
	d := func(p string, mode int64, owner int) entry { return entry{path: p, mode: mode, uid: owner, dir: true} }
	f := func(p string, mode int64, b []byte) entry { return entry{path: p, mode: mode, contents: b} }
	return []entry{
		d("etc", 0o755, 0),
		f("etc/passwd", 0o644, []byte("root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n")),
		f("etc/group", 0o644, []byte("root:x:0:\nnonroot:x:65532:\n")),
		d("etc/ssl", 0o755, 0),
		d("etc/ssl/certs", 0o755, 0),
		f("etc/ssl/certs/ca-certificates.crt", 0o644, ca),
		d("etc/vigil", 0o755, 0),
		d("home", 0o755, 0),
		d("home/nonroot", 0o700, uid),
		d("tmp", 0o1777, 0),
		d("usr", 0o755, 0),
		d("usr/bin", 0o755, 0),
		f("usr/bin/vigil", 0o755, binary),
		d("var", 0o755, 0),
		d("var/lib", 0o755, 0),
		d("var/lib/vigil", 0o700, uid),
	}
}

func layerTar(entries []entry, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		h := &tar.Header{Name: e.path, Mode: e.mode, Uid: e.uid, Gid: e.uid, ModTime: mtime, Format: tar.FormatPAX}
		if e.dir {
			h.Typeflag, h.Name = tar.TypeDir, e.path+"/"
		} else {
			h.Typeflag, h.Size = tar.TypeReg, int64(len(e.contents))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if !e.dir {
			if _, err := tw.Write(e.contents); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// build writes the image into the layout (created if missing; an image
// of the same tag is replaced) and returns its manifest digest.
func build(o buildOptions) (string, error) {
	bin, err := os.ReadFile(o.binary)
	if err != nil {
		return "", fmt.Errorf("read the binary: %w", err)
	}
	if err := staticELF(bin); err != nil {
		return "", fmt.Errorf("%s: %w (build it with CGO_ENABLED=0)", o.binary, err)
	}
	ca, err := os.ReadFile(o.caCerts)
	if err != nil {
		return "", fmt.Errorf("read the CA bundle: %w (install Debian's ca-certificates or pass --ca-certs)", err)
	}
	mtime := time.Unix(o.epoch, 0).UTC()
	raw, err := layerTar(files(bin, ca), mtime)
	if err != nil {
		return "", fmt.Errorf("write the layer: %w", err)
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil },
		tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return "", err
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	if img, err = mutate.AppendLayers(img, layer); err != nil {
		return "", err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return "", err
	}
	cfg = cfg.DeepCopy()
	cfg.OS, cfg.Architecture = "linux", o.arch
	cfg.Created = v1.Time{Time: mtime}
	cfg.Config = v1.Config{
		User:         user,
		Entrypoint:   []string{entrypoint},
		Cmd:          []string{"serve", "--config", configDir + "/vigil.yaml"},
		Env:          []string{"PATH=/usr/bin", "HOME=/home/nonroot", "XDG_DATA_HOME=" + dataHome, "SSL_CERT_FILE=" + caBundle},
		WorkingDir:   storeDir,
		Volumes:      map[string]struct{}{storeDir: {}},
		ExposedPorts: map[string]struct{}{"8080/tcp": {}},
		Labels: map[string]string{
			"org.opencontainers.image.title":       "vigil",
			"org.opencontainers.image.description": "Vigil: cloud and Kubernetes security posture",
			"org.opencontainers.image.version":     o.version,
		},
	}
	cfg.History = []v1.History{{Created: v1.Time{Time: mtime}, CreatedBy: "tools/image: the static vigil binary, CA certificates, a non-root user"}}
	if img, err = mutate.ConfigFile(img, cfg); err != nil {
		return "", err
	}
	p, err := layout.FromPath(o.layout)
	if err != nil {
		if p, err = layout.Write(o.layout, empty.Index); err != nil {
			return "", fmt.Errorf("create the layout %s: %w", o.layout, err)
		}
	}
	if err := p.RemoveDescriptors(func(d v1.Descriptor) bool { return d.Annotations[refName] == o.tag }); err != nil {
		return "", err
	}
	if err := p.AppendImage(img, layout.WithAnnotations(map[string]string{refName: o.tag})); err != nil {
		return "", fmt.Errorf("write the image into %s: %w", o.layout, err)
	}
	d, err := img.Digest()
	if err != nil {
		return "", err
	}
	return d.String(), nil
}
