package archtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxTracked bounds a tracked file outside test data: larger files are
// build outputs or data that belongs under a testdata/ directory.
const maxTracked = 3 << 20

// executableMagic are the first bytes of compiled programs (ELF, Mach-O
// 32/64-bit both byte orders and universal, PE).
var executableMagic = [][]byte{
	[]byte("\x7fELF"), {0xfe, 0xed, 0xfa, 0xce}, {0xce, 0xfa, 0xed, 0xfe}, {0xfe, 0xed, 0xfa, 0xcf},
	{0xcf, 0xfa, 0xed, 0xfe}, {0xca, 0xfe, 0xba, 0xbe}, []byte("MZ"),
}

// TestNoBuildOutputsTracked fails when the repository tracks a compiled
// program, or a file over 3 MiB outside a testdata/ directory: a
// committed binary is stale the moment the code changes, and weighs on
// every clone.
func TestNoBuildOutputsTracked(t *testing.T) {
	root, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		if os.Getenv("VIGIL_REQUIRE_INTEGRATION") != "" {
			t.Fatalf("git rev-parse: %v (this test needs a git checkout)", err)
		}
		t.Skipf("not a git checkout: %v", err)
	}
	dir := strings.TrimSpace(string(root))
	out, err := exec.Command("git", "-C", dir, "ls-files", "-z").Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	files := bytes.Split(bytes.TrimRight(out, "\x00"), []byte{0})
	if len(files) < 100 {
		t.Fatalf("git ls-files listed only %d files", len(files))
	}
	for _, f := range files {
		name := string(f)
		path := filepath.Join(dir, name)
		st, err := os.Lstat(path)
		if err != nil || !st.Mode().IsRegular() {
			continue // deleted in the working tree, or a link
		}
		if st.Size() > maxTracked && !strings.Contains("/"+name, "/testdata/") {
			t.Errorf("%s is %d MiB: large data goes under a testdata/ directory, build outputs are not committed", name, st.Size()>>20)
		}
		if isExecutable(path) {
			t.Errorf("%s is a compiled program: remove it from git and ignore it (.gitignore)", name)
		}
	}
}

func isExecutable(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := f.Read(head)
	for _, m := range executableMagic {
		if n >= len(m) && bytes.Equal(head[:len(m)], m) {
			return true
		}
	}
	return false
}
