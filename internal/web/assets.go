package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

//go:embed static templates
var files embed.FS

// The front-end libraries, built files from npm at pinned versions
// (scripts/update-web-assets.sh). Their paths carry the version, so
// they are cached as immutable.
const (
	htmxJS  = "vendor/htmx.org-2.0.11/htmx.min.js"
	chartJS = "vendor/chart.js-4.5.1/chart.umd.min.js"
)

// assets serves the static files: a file under vendor/ or asked for with
// its content hash (?v=…, as the pages link them) is immutable; others
// (/static/vigil.css, which the sign-in page links) are revalidated by
// their ETag.
type assets struct {
	fsys   fs.FS
	hashes map[string]string // name → content hash
}

func newAssets() *assets {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embedded tree has a static folder
	}
	a := &assets{fsys: sub, hashes: map[string]string{}}
	_ = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		s := sha256.Sum256(b)
		a.hashes[p] = hex.EncodeToString(s[:8])
		return nil
	})
	return a
}

// URL is the path pages link a static file by.
func (a *assets) URL(name string) string {
	h, ok := a.hashes[name]
	if !ok {
		panic("web: no static file " + name) // a template names a file that is not embedded
	}
	if strings.HasPrefix(name, "vendor/") {
		return "/static/" + name
	}
	return "/static/" + name + "?v=" + h
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	h, ok := a.hashes[name]
	if !ok || strings.Contains(name, "..") {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	}
	etag := `"` + h + `"`
	w.Header().Set("ETag", etag)
	if strings.HasPrefix(name, "vendor/") || r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(b)
}
