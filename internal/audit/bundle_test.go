package audit

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testKey(t testing.TB) (ed25519.PrivateKey, ed25519.PublicKey) {
	t.Helper()
	privPEM, pubPEM, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	priv, err := ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ParsePublicKey(pubPEM)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.Equal(priv.Public()) {
		t.Fatal("the PEM public key is not the private key's")
	}
	return priv, pub
}

var created = time.Date(2026, 12, 7, 15, 0, 0, 0, time.UTC)

// sampleBundle is a small signed bundle, as entries (name, data).
func sampleFiles(pub ed25519.PublicKey) []File {
	pubPEM, _ := EncodePublicKey(pub)
	return []File{{"report.json", []byte(`{"score":1}`)}, {"findings.json", []byte(`{"findings":[]}`)}, {PublicKeyFile, pubPEM}}
}

func bundleOf(t testing.TB, files []File, priv ed25519.PrivateKey) []byte {
	t.Helper()
	pub := priv.Public().(ed25519.PublicKey)
	var b bytes.Buffer
	if err := WriteBundle(&b, files, NewManifest(FrameworkRef{ID: "cis-test"}, created, "test", pub, files), priv); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type entry struct {
	hdr  tar.Header
	data []byte
}

// entries unpacks a bundle without any checks, for tests to tamper with.
func entries(t testing.TB, bundle []byte) []entry {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(bundle))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var out []entry
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		out = append(out, entry{*h, data})
	}
}

// pack writes entries back as a tar.gz.
func pack(t testing.TB, es []entry) []byte {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, e := range es {
		h := e.hdr
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(e.data))
		}
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	tw.Close()
	gz.Close()
	return b.Bytes()
}

func verify(t testing.TB, bundle []byte, pub ed25519.PublicKey) *Verification {
	t.Helper()
	b, err := ReadBundle(bytes.NewReader(bundle), DefaultLimits)
	if err != nil {
		t.Fatalf("read bundle: %v", err)
	}
	return Verify(b, pub)
}

func TestBundleRoundTrip(t *testing.T) {
	priv, pub := testKey(t)
	bundle := bundleOf(t, sampleFiles(pub), priv)
	v := verify(t, bundle, pub)
	if !v.OK() || !v.SignatureValid || v.Manifest == nil || len(v.Manifest.Files) != 3 {
		t.Fatalf("a fresh bundle does not verify: %+v", v)
	}
	if v.Manifest.PublicKeyFingerprint != Fingerprint(pub) || !strings.HasPrefix(Fingerprint(pub), "sha256:") || len(Fingerprint(pub)) != 71 {
		t.Errorf("fingerprint %q in the manifest, key %q", v.Manifest.PublicKeyFingerprint, Fingerprint(pub))
	}
	// By fingerprint: the key the bundle carries.
	b, _ := ReadBundle(bytes.NewReader(bundle), DefaultLimits)
	key, err := BundleKey(b, Fingerprint(pub))
	if err != nil || !key.Equal(pub) {
		t.Fatalf("BundleKey: %v", err)
	}
}

// TestTamperingIsNamed: changing any one file is detected and named.
func TestTamperingIsNamed(t *testing.T) {
	priv, pub := testKey(t)
	bundle := bundleOf(t, sampleFiles(pub), priv)
	for i, e := range entries(t, bundle) {
		t.Run(e.hdr.Name, func(t *testing.T) {
			es := entries(t, bundle)
			es[i].data = append(append([]byte{}, es[i].data...), ' ')
			v := verify(t, pack(t, es), pub)
			if v.OK() {
				t.Fatalf("a changed %s verifies", e.hdr.Name)
			}
			switch e.hdr.Name {
			case ManifestFile, SignatureFile:
				if v.SignatureValid {
					t.Errorf("signature still valid after %s changed", e.hdr.Name)
				}
			default:
				if len(v.Changed) != 1 || v.Changed[0] != e.hdr.Name || !v.SignatureValid {
					t.Errorf("changed %v (signature valid %v), want exactly %s", v.Changed, v.SignatureValid, e.hdr.Name)
				}
				if !strings.Contains(strings.Join(v.Problems, "\n"), e.hdr.Name+" changed") {
					t.Errorf("problems do not name %s: %v", e.hdr.Name, v.Problems)
				}
			}
		})
	}
	t.Run("missing and extra", func(t *testing.T) {
		es := entries(t, bundle)
		es[0].hdr.Name = "surprise.txt" // report.json gone, an unlisted file added
		v := verify(t, pack(t, es), pub)
		if v.OK() || len(v.Missing) != 1 || v.Missing[0] != "report.json" || len(v.Extra) != 1 || v.Extra[0] != "surprise.txt" {
			t.Fatalf("missing %v extra %v", v.Missing, v.Extra)
		}
	})
}

// TestResignedWithAnotherKey: a bundle changed and signed again with
// another key fails against the user's key, by key file and by
// fingerprint.
func TestResignedWithAnotherKey(t *testing.T) {
	priv, pub := testKey(t)
	otherPriv, otherPub := testKey(t)
	files := sampleFiles(otherPub)
	files[0].Data = []byte(`{"score":100}`)
	forged := bundleOf(t, files, otherPriv)
	if v := verify(t, forged, otherPub); !v.OK() {
		t.Fatalf("the forger's own key should verify its bundle: %v", v.Problems)
	}
	v := verify(t, forged, pub)
	if v.OK() || v.SignatureValid {
		t.Fatalf("a bundle re-signed with another key verifies with the user's key: %+v", v)
	}
	b, err := ReadBundle(bytes.NewReader(forged), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BundleKey(b, Fingerprint(pub)); err == nil || !strings.Contains(err.Error(), "signed by someone else") {
		t.Fatalf("BundleKey with the user's fingerprint: %v", err)
	}
	// The wrong public key for an honest bundle fails too.
	honest := bundleOf(t, sampleFiles(pub), priv)
	if v := verify(t, honest, otherPub); v.OK() {
		t.Fatal("an honest bundle verifies with a stranger's key")
	}
}

// TestHostileArchives: each kind of hostile input is refused with an
// error saying what is wrong.
func TestHostileArchives(t *testing.T) {
	priv, pub := testKey(t)
	good := entries(t, bundleOf(t, sampleFiles(pub), priv))
	reg := func(name, data string) entry {
		return entry{tar.Header{Typeflag: tar.TypeReg, Name: name, Mode: 0o644}, []byte(data)}
	}
	small := Limits{MaxFiles: 8, MaxFileSize: 1 << 10, MaxTotal: 4 << 10, MaxSmall: 1 << 10}
	bomb := func() []byte {
		var b bytes.Buffer
		gz := gzip.NewWriter(&b)
		tw := tar.NewWriter(gz)
		tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: "big.json", Size: 1 << 20})
		tw.Write(make([]byte, 1<<20))
		tw.Close()
		gz.Close()
		return b.Bytes()
	}
	for _, c := range []struct {
		name, want string
		data       []byte
		lim        Limits
	}{
		{"not gzip", "not a gzip file", []byte("PK\x03\x04 a zip file"), DefaultLimits},
		{"empty", "not a gzip file", nil, DefaultLimits},
		{"gzip of junk", "tar stream", func() []byte {
			var b bytes.Buffer
			gz := gzip.NewWriter(&b)
			gz.Write(bytes.Repeat([]byte("junk"), 300))
			gz.Close()
			return b.Bytes()
		}(), DefaultLimits},
		{"truncated", "", bundleOf(t, sampleFiles(pub), priv)[:200], DefaultLimits},
		{"traversal", "not a plain file name", pack(t, append(good, reg("../../etc/passwd", "x"))), DefaultLimits},
		{"absolute", "not a plain file name", pack(t, append(good, reg("/etc/passwd", "x"))), DefaultLimits},
		{"directory entry", "directory", pack(t, append(good, entry{tar.Header{Typeflag: tar.TypeDir, Name: "d/", Mode: 0o755}, nil})), DefaultLimits},
		{"nested", "not a plain file name", pack(t, append(good, reg("d/report.json", "x"))), DefaultLimits},
		{"symlink", "symbolic link", pack(t, append([]entry{{tar.Header{Typeflag: tar.TypeSymlink, Name: "report.json", Linkname: "/etc/passwd"}, nil}}, good[1:]...)), DefaultLimits},
		{"hardlink", "hard link", pack(t, append(good, entry{tar.Header{Typeflag: tar.TypeLink, Name: "x.json", Linkname: "report.json"}, nil})), DefaultLimits},
		{"duplicate", "appears twice", pack(t, append(good, reg("report.json", "{}"))), DefaultLimits},
		{"huge file", "over the limit", bomb(), small},
		{"too many files", "more than 8 files", pack(t, append(append([]entry{}, good...), reg("a1", ""), reg("a2", ""), reg("a3", ""), reg("a4", ""), reg("a5", ""), reg("a6", ""))), small},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadBundle(bytes.NewReader(c.data), c.lim)
			if err == nil {
				t.Fatal("read without an error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not say %q", err, c.want)
			}
		})
	}
}

func TestKeyErrors(t *testing.T) {
	_, pubPEM, err := GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParsePrivateKey(pubPEM); err == nil || !strings.Contains(err.Error(), `"PUBLIC KEY"`) {
		t.Errorf("a public key as private: %v", err)
	}
	if _, err := ParsePublicKey([]byte("hello")); err == nil || !strings.Contains(err.Error(), "not a PEM file") {
		t.Errorf("junk as public key: %v", err)
	}
}

// FuzzReadBundle: any input is read or refused, never a panic or a
// hang, and whatever is read verifies only if it is the signed bundle.
func FuzzReadBundle(f *testing.F) {
	priv, pub := testKey(f)
	good := bundleOf(f, sampleFiles(pub), priv)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("\x1f\x8b"))
	f.Add([]byte{})
	es := entries(f, good)
	manifest := es[len(es)-2].data
	es[0].data = []byte("tampered")
	f.Add(pack(f, es))
	lim := Limits{MaxFiles: 16, MaxFileSize: 1 << 16, MaxTotal: 1 << 18, MaxSmall: 1 << 14}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := ReadBundle(bytes.NewReader(data), lim)
		if err != nil {
			return
		}
		v := Verify(b, pub)
		if v.OK() && !bytes.Equal(b.Manifest, manifest) {
			t.Fatalf("a bundle with another manifest verifies")
		}
		_, _ = BundleKey(b, Fingerprint(pub))
	})
}

// TestStandardTools: an auditor without Vigil verifies a bundle with
// openssl (the signature over manifest.json, the key's fingerprint) and
// the manifest's digests with sha256sum, as docs/reports.md shows.
func TestStandardTools(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	priv, pub := testKey(t)
	dir := t.TempDir()
	files := sampleFiles(pub)
	m := NewManifest(FrameworkRef{ID: "cis-test"}, created, "test", pub, files)
	var b bytes.Buffer
	if err := WriteBundle(&b, files, m, priv); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries(t, b.Bytes()) {
		if err := os.WriteFile(filepath.Join(dir, e.hdr.Name), e.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pubPEM, _ := EncodePublicKey(pub)
	keyFile := filepath.Join(t.TempDir(), "key.pub")
	if err := os.WriteFile(keyFile, pubPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", keyFile, "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Verified Successfully") {
		t.Fatalf("openssl does not verify the signature: %v\n%s", err, out)
	}
	der, err := exec.Command(openssl, "pkey", "-pubin", "-in", keyFile, "-outform", "DER").Output()
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(der); "sha256:"+hex.EncodeToString(sum[:]) != Fingerprint(pub) {
		t.Errorf("the fingerprint is not the SHA-256 of openssl's DER form")
	}
	if sha, err := exec.LookPath("sha256sum"); err == nil {
		var sums strings.Builder
		for _, f := range m.Files {
			fmt.Fprintf(&sums, "%s  %s\n", f.SHA256, f.Name)
		}
		cmd := exec.Command(sha, "-c", "-")
		cmd.Dir, cmd.Stdin = dir, strings.NewReader(sums.String())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("sha256sum -c: %v\n%s", err, out)
		}
	}
	// A changed manifest fails openssl too.
	mf := filepath.Join(dir, "manifest.json")
	data, _ := os.ReadFile(mf)
	if err := os.WriteFile(mf, bytes.Replace(data, []byte("cis-test"), []byte("cis-best"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(openssl, "pkeyutl", "-verify", "-pubin", "-inkey", keyFile, "-rawin", "-in", "manifest.json", "-sigfile", "manifest.sig")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("openssl verifies a changed manifest:\n%s", out)
	}
}
