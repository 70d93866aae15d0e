package audit

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
)

// The bundle's fixed files.
const (
	ManifestFile  = "manifest.json"
	SignatureFile = "manifest.sig"
	PublicKeyFile = "public-key.pem"
)

// ManifestVersion is the version of manifest.json's form.
const ManifestVersion = 1

// Manifest lists every file of a bundle but itself and its signature.
type Manifest struct {
	SchemaVersion int          `json:"schema_version"`
	Kind          string       `json:"kind"` // always "vigil.evidence_manifest"
	Framework     FrameworkRef `json:"framework"`
	CreatedAt     time.Time    `json:"created_at"`
	VigilVersion  string       `json:"vigil_version"`
	// PublicKeyFingerprint names the key that signs the manifest
	// (Fingerprint); public-key.pem holds the key itself.
	PublicKeyFingerprint string       `json:"public_key_fingerprint"`
	Files                []FileDigest `json:"files"`
}

// FileDigest is one file's name, SHA-256 (hex) and size in bytes.
type FileDigest struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// File is one file to bundle.
type File struct {
	Name string
	Data []byte
}

// EvidenceFiles renders a report and its evidence as the bundle's files:
// report.json, report.html, findings.json, exceptions.json, scans.json
// and the signer's public key.
func EvidenceFiles(rep *Report, ev *Evidence, pub ed25519.PublicKey) ([]File, error) {
	var files []File
	add := func(name string, render func(w io.Writer) error) error {
		var b bytes.Buffer
		if err := render(&b); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		files = append(files, File{Name: name, Data: b.Bytes()})
		return nil
	}
	doc := func(v any) func(io.Writer) error {
		return func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(v)
		}
	}
	findings := make([]any, 0, len(ev.Findings))
	for _, f := range ev.Findings {
		findings = append(findings, report.FindingJSON(f))
	}
	exs := ev.Exceptions
	if exs == nil {
		exs = []exceptions.Exception{}
	}
	scans := ev.Scans
	if scans == nil {
		scans = []model.Scan{}
	}
	pubPEM, err := EncodePublicKey(pub)
	if err != nil {
		return nil, err
	}
	for _, step := range []struct {
		name   string
		render func(io.Writer) error
	}{
		{"report.json", func(w io.Writer) error { return JSON(w, rep) }},
		{"report.html", func(w io.Writer) error { return HTML(w, rep) }},
		{"findings.json", doc(map[string]any{"schema_version": report.SchemaVersion, "framework": rep.Framework.ID, "findings": findings})},
		{"exceptions.json", doc(map[string]any{"schema_version": 1, "judged_at": rep.GeneratedAt, "exceptions": exs})},
		{"scans.json", doc(map[string]any{"schema_version": 1, "scans": scans})},
		{PublicKeyFile, func(w io.Writer) error { _, err := w.Write(pubPEM); return err }},
	} {
		if err := add(step.name, step.render); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// NewManifest lists files with their digests.
func NewManifest(fw FrameworkRef, created time.Time, version string, pub ed25519.PublicKey, files []File) *Manifest {
	m := &Manifest{SchemaVersion: ManifestVersion, Kind: "vigil.evidence_manifest", Framework: fw, CreatedAt: created.UTC(),
		VigilVersion: version, PublicKeyFingerprint: Fingerprint(pub), Files: []FileDigest{}}
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		m.Files = append(m.Files, FileDigest{Name: f.Name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(f.Data))})
	}
	return m
}

// WriteBundle writes files, manifest.json (m, encoded once) and
// manifest.sig (the Ed25519 signature of manifest.json's exact bytes,
// 64 raw bytes) as a tar.gz. Every entry is a regular file at the
// bundle's top level, dated m.CreatedAt.
func WriteBundle(w io.Writer, files []File, m *Manifest, priv ed25519.PrivateKey) error {
	var mb bytes.Buffer
	enc := json.NewEncoder(&mb)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return err
	}
	sig := ed25519.Sign(priv, mb.Bytes())
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	all := append(append([]File{}, files...), File{ManifestFile, mb.Bytes()}, File{SignatureFile, sig})
	for _, f := range all {
		if err := checkName(f.Name); err != nil {
			return err
		}
		hdr := &tar.Header{Typeflag: tar.TypeReg, Name: f.Name, Mode: 0o644, Size: int64(len(f.Data)), ModTime: m.CreatedAt.Truncate(time.Second)}
		if err := tw.WriteHeader(hdr); err != nil {
			return fmt.Errorf("write %s to the bundle: %w", f.Name, err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			return fmt.Errorf("write %s to the bundle: %w", f.Name, err)
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}
