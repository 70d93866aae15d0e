package audit

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Limits bound what ReadBundle reads from a bundle it does not trust.
type Limits struct {
	MaxFiles    int   // entries in the archive
	MaxFileSize int64 // bytes of one file
	MaxTotal    int64 // bytes of all files, decompressed
	// MaxSmall bounds the files read into memory: the manifest, its
	// signature and the public key.
	MaxSmall int64
}

// DefaultLimits are generous for real bundles and small enough that a
// hostile one cannot exhaust memory or time.
var DefaultLimits = Limits{MaxFiles: 64, MaxFileSize: 1 << 30, MaxTotal: 4 << 30, MaxSmall: 4 << 20}

// Bundle is what ReadBundle found in an archive: every file's digest,
// and the manifest, signature and public key themselves.
type Bundle struct {
	// Files maps each file's name to its digest and size.
	Files map[string]FileDigest
	// Names are the files in archive order.
	Names     []string
	Manifest  []byte
	Signature []byte
	PublicKey []byte // nil when the bundle has none
}

// validName is a bundle file's name: one plain path element.
var validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

func checkName(name string) error {
	if !validName.MatchString(name) || strings.Contains(name, "..") {
		return fmt.Errorf("entry %q is not a plain file name: a bundle holds only files at its top level (no directories, no ..)", name)
	}
	return nil
}

// ReadBundle reads a tar.gz bundle, hashing each file as it streams.
// It refuses, with an error naming the entry, anything a bundle never
// holds: non-gzip or non-tar input, links and other non-regular
// entries, names with directories or "..", duplicate names, and files
// or archives over lim.
func ReadBundle(r io.Reader, lim Limits) (*Bundle, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err != nil || magic[0] != 0x1f || magic[1] != 0x8b {
		return nil, errors.New("not a gzip file: an evidence bundle is the .tar.gz 'vigil report evidence' writes")
	}
	gz, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("read the bundle's gzip stream: %w", err)
	}
	defer gz.Close()
	// The whole decompressed stream, headers included, is bounded.
	tr := tar.NewReader(io.LimitReader(gz, lim.MaxTotal+int64(lim.MaxFiles+2)*4096))
	b := &Bundle{Files: map[string]FileDigest{}}
	var total int64
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read the bundle's tar stream after %d files: %w (the file is damaged or not a bundle)", len(b.Names), err)
		}
		if len(b.Names) >= lim.MaxFiles {
			return nil, fmt.Errorf("the bundle holds more than %d files: not a Vigil evidence bundle", lim.MaxFiles)
		}
		if hdr.Typeflag != tar.TypeReg {
			return nil, fmt.Errorf("entry %q is a %s, not a regular file: a bundle holds only regular files (links are refused)", hdr.Name, typeName(hdr.Typeflag))
		}
		if err := checkName(hdr.Name); err != nil {
			return nil, err
		}
		if _, dup := b.Files[hdr.Name]; dup {
			return nil, fmt.Errorf("entry %q appears twice: a bundle names each file once", hdr.Name)
		}
		if hdr.Size < 0 || hdr.Size > lim.MaxFileSize {
			return nil, fmt.Errorf("entry %q is %d bytes, over the limit of %d", hdr.Name, hdr.Size, lim.MaxFileSize)
		}
		total += hdr.Size
		if total > lim.MaxTotal {
			return nil, fmt.Errorf("the bundle's files exceed %d bytes in all", lim.MaxTotal)
		}
		h := sha256.New()
		var keep *bytes.Buffer
		small := hdr.Name == ManifestFile || hdr.Name == SignatureFile || hdr.Name == PublicKeyFile
		var dst io.Writer = h
		if small {
			if hdr.Size > lim.MaxSmall {
				return nil, fmt.Errorf("entry %q is %d bytes, over the limit of %d for it", hdr.Name, hdr.Size, lim.MaxSmall)
			}
			keep = &bytes.Buffer{}
			dst = io.MultiWriter(h, keep)
		}
		n, err := io.Copy(dst, io.LimitReader(tr, hdr.Size))
		if err != nil {
			return nil, fmt.Errorf("read entry %q: %w", hdr.Name, err)
		}
		if n != hdr.Size {
			return nil, fmt.Errorf("entry %q is cut short: %d of %d bytes", hdr.Name, n, hdr.Size)
		}
		b.Names = append(b.Names, hdr.Name)
		b.Files[hdr.Name] = FileDigest{Name: hdr.Name, SHA256: hex.EncodeToString(h.Sum(nil)), Size: n}
		switch hdr.Name {
		case ManifestFile:
			b.Manifest = keep.Bytes()
		case SignatureFile:
			b.Signature = keep.Bytes()
		case PublicKeyFile:
			b.PublicKey = keep.Bytes()
		}
	}
	if len(b.Names) == 0 {
		return nil, errors.New("the archive is empty: not a Vigil evidence bundle")
	}
	return b, nil
}

func typeName(t byte) string {
	switch t {
	case tar.TypeSymlink:
		return "symbolic link"
	case tar.TypeLink:
		return "hard link"
	case tar.TypeDir:
		return "directory"
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return "device or pipe"
	}
	return fmt.Sprintf("entry of type %q", t)
}

// Verification is the outcome of checking a bundle against a key.
type Verification struct {
	// KeyFingerprint is the key the signature was checked with.
	KeyFingerprint string
	SignatureValid bool
	// Manifest is the bundle's manifest, nil when it could not be read.
	Manifest *Manifest
	// Changed, Missing and Extra name files whose digest or size
	// differs from the manifest, files it lists that the bundle lacks,
	// and files the bundle holds that it does not list.
	Changed, Missing, Extra []string
	// Problems says, a sentence each, everything that is wrong.
	Problems []string
}

// OK reports whether the bundle is intact and signed by the key.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// Verify checks a bundle against the signer's public key: the signature
// over manifest.json's exact bytes, the manifest's own fingerprint, and
// every file's SHA-256 and size. Files are checked even when the
// signature fails, so a changed file is named either way.
func Verify(b *Bundle, pub ed25519.PublicKey) *Verification {
	v := &Verification{KeyFingerprint: Fingerprint(pub)}
	switch {
	case b.Manifest == nil:
		v.Problems = append(v.Problems, "manifest.json is missing")
	case b.Signature == nil:
		v.Problems = append(v.Problems, "manifest.sig is missing: the bundle is not signed")
	case len(b.Signature) != ed25519.SignatureSize:
		v.Problems = append(v.Problems, fmt.Sprintf("manifest.sig is %d bytes, not an Ed25519 signature (%d)", len(b.Signature), ed25519.SignatureSize))
	case !ed25519.Verify(pub, b.Manifest, b.Signature):
		v.Problems = append(v.Problems, "the signature does not verify with key "+v.KeyFingerprint+": manifest.json was changed, or the bundle was signed with another key")
	default:
		v.SignatureValid = true
	}
	if b.Manifest == nil {
		return v
	}
	m, err := parseManifest(b.Manifest)
	if err != nil {
		v.Problems = append(v.Problems, err.Error())
		return v
	}
	v.Manifest = m
	if m.PublicKeyFingerprint != v.KeyFingerprint {
		v.Problems = append(v.Problems, fmt.Sprintf("the manifest names signing key %s, not %s", m.PublicKeyFingerprint, v.KeyFingerprint))
	}
	listed := map[string]bool{ManifestFile: true, SignatureFile: true}
	for _, f := range m.Files {
		listed[f.Name] = true
		got, ok := b.Files[f.Name]
		switch {
		case !ok:
			v.Missing = append(v.Missing, f.Name)
		case got.SHA256 != strings.ToLower(f.SHA256) || got.Size != f.Size:
			v.Changed = append(v.Changed, f.Name)
		}
	}
	for _, name := range b.Names {
		if !listed[name] {
			v.Extra = append(v.Extra, name)
		}
	}
	sort.Strings(v.Changed)
	sort.Strings(v.Missing)
	sort.Strings(v.Extra)
	for _, name := range v.Changed {
		v.Problems = append(v.Problems, name+" changed: its SHA-256 or size differs from the manifest")
	}
	for _, name := range v.Missing {
		v.Problems = append(v.Problems, name+" is missing: the manifest lists it")
	}
	for _, name := range v.Extra {
		v.Problems = append(v.Problems, name+" is extra: the manifest does not list it")
	}
	return v
}

// parseManifest reads manifest.json strictly.
func parseManifest(data []byte) (*Manifest, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m Manifest
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("manifest.json is not a Vigil manifest: %v", err)
	}
	if m.SchemaVersion != ManifestVersion || m.Kind != "vigil.evidence_manifest" {
		return nil, fmt.Errorf("manifest.json is version %d of %q: this Vigil reads version %d of vigil.evidence_manifest", m.SchemaVersion, m.Kind, ManifestVersion)
	}
	seen := map[string]bool{}
	for _, f := range m.Files {
		if err := checkName(f.Name); err != nil {
			return nil, fmt.Errorf("manifest.json: %v", err)
		}
		if seen[f.Name] || f.Name == ManifestFile || f.Name == SignatureFile {
			return nil, fmt.Errorf("manifest.json lists %q twice or lists itself", f.Name)
		}
		seen[f.Name] = true
	}
	return &m, nil
}

// BundleKey is the public key a bundle carries, checked against the
// fingerprint the user trusts ("sha256:<hex>"): a bundle whose key has
// another fingerprint was signed by someone else.
func BundleKey(b *Bundle, fingerprint string) (ed25519.PublicKey, error) {
	want := strings.ToLower(strings.TrimSpace(fingerprint))
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(want) {
		return nil, fmt.Errorf("fingerprint %q: write sha256: and 64 hex digits, as 'vigil report keygen' prints", fingerprint)
	}
	if b.PublicKey == nil {
		return nil, errors.New("the bundle carries no public-key.pem: verify with --public-key instead")
	}
	pub, err := ParsePublicKey(b.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("the bundle's public-key.pem: %w", err)
	}
	if got := Fingerprint(pub); got != want {
		return nil, fmt.Errorf("the bundle was signed with key %s, not the trusted %s: it was signed by someone else", got, want)
	}
	return pub, nil
}
