package k8s

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/vigil-cspm/vigil/internal/benchgen"
)

// fastSeeds are inputs at the edges of the fast reader's subset: its
// accepted forms, and neighbours it must leave to yaml.v3 or read the
// same way.
var fastSeeds = []string{
	"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: a\nspec:\n  containers:\n  - name: c\n    image: x\n    securityContext:\n      privileged: true\n",
	"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          args: [\"--x\", '--y', z]\n          env:\n            - {name: A, value: \"1\"}\n",
	"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: |\n    x\n      y\n\n    z\n  b: >-\n    folded\n    text\n\n    para\n  c: |+\n    keep\n\n  d: |2-\n     two\n  e: >\n\n    lead\n",
	"# comment\n---\napiVersion: v1 # trailing\nkind: Namespace\nmetadata:\n  name: n\n...\n---\n---\nname: x\n",
	"{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Secret\",\n  \"metadata\": {\"name\": \"s\", \"labels\": {}},\n  \"data\": {\"k\": \"dg==\"},\n  \"list\": [1, -2.5, 1e3, true, null, \"\\u00e9\\n\\t\\\"\"]\n}\n",
	"a: 1\nb: 0x1F\nc: 0o17\nd: 017\ne: 08\nf: 1_000\ng: .5\nh: -.inf\ni: .NaN\nj: 2001-12-14\nk: 2001-12-14t21:59:43.10-05:00\nl: 2001-12-14 21:59:43.10\nm: ~\nn: Null\no: yes\np: 0b-1\nq: 18446744073709551615\nr: 1e400\ns: +1\nt: -0b101\nu: '1'\nv: \"true\"\nw: 1.\nx: 9223372036854775808\ny: -9223372036854775809\n",
	"k: 'it''s'\nl: \"a\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\e\\0\\ \"\nm: \"\\'\"\nn: 'a # b'\no: a#b\np: a # b\nq: http://x:80/y\nr: -x\ns: --- a\n",
	"- a\n- - b\n  - c\n- d: e\n  f: g\n-\n  h: i\n-\n- [j, {k: l}]\n- {}\n- []\n",
	"a:\n- b\n- c\nd:\n  - e\ne: f\n",
	"a: &x 1\nb: *x\n",
	"a: !!str 1\n",
	"? a\n: b\n",
	"a: b\n  c\n",
	"a: \"b\n  c\"\n",
	"a: 1\na: 2\n",
	"a: 1\n\"a\": 2\n",
	"<<: {a: 1}\n",
	"1: a\n",
	"null: a\n",
	"a:\tb\n",
	"a: b\r\n",
	"\ufeffa: b\n",
	"%YAML 1.2\n---\na: b\n",
	"--- a\n",
	"a: [b,\n  c]\n",
	"a: [b,\nc]\n",
	"a: {b: c,}\n",
	"a: [b: c]\n",
	"{a:1}\n",
	"{\"a\":1}\n",
	"a: |\n  x\n y\n",
	"a: |\n    \n  x\n",
	"a: |1\n  x\n",
	"- |\n x\n",
	"a:\n  b\n",
	"  a: 1\n  b: 2\n",
	"a: 1\n b: 2\n",
	"a: -\n",
	"- -\n",
	"a: b: c\n",
	"a:\n",
	"-\n",
	"\"\": x\n",
	"a: ''\n",
	"'a': \"b\"\n",
	"a: [ ]\nb: { }\n",
	"a: \"\\uD800\"\n",
	"a: \"\\U80000000\\U0010FFFF\\U00110000\"\n",
	"a: é\nb: 😀\n",
	"a: [a#b]\n",
	"{0?: 0}\n",
	"[a?b]\n",
	"a: [a #b\n  ]\n",
	"a: b #c\n#d\n",
	"apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n- 3\n",
	"apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}, {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}]\n",
	strings.Repeat("- ", 120) + "x\n",
	strings.Repeat("[", 120) + strings.Repeat("]", 120) + "\n",
}

// TestFastReaderSubset checks what the fast reader reads and what it
// leaves to yaml.v3, and that what it reads, it reads as yaml.v3 does.
func TestFastReaderSubset(t *testing.T) {
	p := parser()
	for _, tt := range []struct {
		src  string
		fast bool
	}{
		{fastSeeds[0], true},
		{fastSeeds[1], true},
		{fastSeeds[2], true},
		{fastSeeds[3], true},
		{fastSeeds[4], true},
		{fastSeeds[5], true},
		{fastSeeds[6], true},
		{fastSeeds[7], true},
		{fastSeeds[8], true},
		{"a: &x 1\nb: *x\n", false},
		{"a: !!str 1\n", false},
		{"? a\n: b\n", false},
		{"a: b\n  c\n", false},
		{"a: 1\na: 2\n", false},
		{"<<: {a: 1}\n", false},
		{"1: a\n", false},
		{"a: b\r\n", false},
		{"%YAML 1.2\n---\na: b\n", false},
		{strings.Repeat("[", 120) + strings.Repeat("]", 120) + "\n", false},
	} {
		docs, ok := p.fast.read([]byte(tt.src))
		if ok != tt.fast {
			t.Errorf("fast reader read %q: %v, want %v", tt.src, ok, tt.fast)
			continue
		}
		if d := diffDocuments(docs, readYAML("t.yaml", []byte(tt.src))); ok && d != "" {
			t.Errorf("%q: %s", tt.src, d)
		}
	}
}

// TestFastReaderMatchesYAML runs both readers over every YAML and JSON
// file of the repository's test data and examples, the public corpora
// when present, and generated manifests in the layouts tools write
// (yaml.v3, kubectl's, JSON): wherever the fast reader reads a file,
// documents, resources, errors, skipped documents and the line of every
// attribute path must equal yaml.v3's. It reports the share of files the
// fast reader reads.
func TestFastReaderMatchesYAML(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	sets := []struct {
		name string
		dirs []string
	}{
		{"rule fixtures", []string{filepath.Join(root, "rules")}},
		{"iac and cli test data, examples", []string{filepath.Join(root, "internal", "iac", "testdata"), filepath.Join(root, "internal", "cli", "testdata"), filepath.Join(root, "examples")}},
		{"kubernetes-goat", []string{"/work/shared/corpora/kubernetes-goat"}},
	}
	for _, set := range sets {
		files := map[string][]byte{}
		for _, dir := range set.dirs {
			if _, err := os.Stat(dir); err != nil && set.name == "kubernetes-goat" {
				t.Logf("%s: %s absent, skipped", set.name, dir)
				continue
			}
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				switch strings.ToLower(filepath.Ext(path)) {
				case ".yaml", ".yml", ".json":
					data, err := os.ReadFile(path)
					files[path] = data
					return err
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(files) > 0 {
			compareReaders(t, set.name, files)
		}
	}

	gen := map[string][]byte{}
	dir := t.TempDir()
	if err := benchgen.WriteNamespaces(filepath.Join(dir, "ns"), 3, 100, 7); err != nil {
		t.Fatal(err)
	}
	if err := benchgen.WriteManifests(filepath.Join(dir, "multi"), 20, 25, 8); err != nil {
		t.Fatal(err)
	}
	if err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			gen[path], err = os.ReadFile(path)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for i, obj := range benchgen.Objects(600, 9) {
		var y bytes.Buffer
		enc := yaml.NewEncoder(&y)
		enc.SetIndent(2)
		if err := enc.Encode(obj); err != nil {
			t.Fatal(err)
		}
		kubectl, err := sigsyaml.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		js, err := json.MarshalIndent(obj, "", "    ")
		if err != nil {
			t.Fatal(err)
		}
		gen[fmt.Sprintf("live-%d.yaml", i)] = y.Bytes()
		gen[fmt.Sprintf("kubectl-%d.yaml", i)] = kubectl
		gen[fmt.Sprintf("live-%d.json", i)] = js
	}
	if fast := compareReaders(t, "benchgen", gen); fast != len(gen) {
		t.Errorf("benchgen: the fast reader read %d of %d files, want all", fast, len(gen))
	}
}

// compareReaders checks both readers agree on every file the fast reader
// reads, and returns how many it read.
func compareReaders(t *testing.T, set string, files map[string][]byte) int {
	t.Helper()
	p := parser()
	fast, manifests, fastManifests := 0, 0, 0
	var fallbacks []string
	for name, data := range files {
		slow := readYAML(name, data)
		manifest := false
		for _, d := range slow {
			_, av := d.value["apiVersion"]
			_, kind := d.value["kind"]
			manifest = manifest || av && kind
		}
		if manifest {
			manifests++
		}
		docs, ok := p.fast.read(data)
		if !ok {
			fallbacks = append(fallbacks, name)
			continue
		}
		fast++
		if manifest {
			fastManifests++
		}
		if d := diffDocuments(docs, slow); d != "" {
			t.Errorf("%s: %s", name, d)
			continue
		}
		docs, _ = p.fast.read(data)
		if d := diffResults(p.result(name, docs), p.result(name, readYAML(name, data))); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
	t.Logf("%s: the fast reader read %d of %d files, %d of %d manifests", set, fast, len(files), fastManifests, manifests)
	if testing.Verbose() {
		for _, f := range fallbacks {
			t.Logf("  yaml.v3: %s", f)
		}
	}
	return fast
}

// TestFastReaderGenerated compares both readers over documents put
// together at random from fragments at the edges of the fast reader's
// subset (see genDocument).
func TestFastReaderGenerated(t *testing.T) {
	p := parser()
	r := rand.New(rand.NewPCG(1, 2))
	fast := 0
	const n = 20_000
	for range n {
		src := []byte(genDocument(r))
		docs, ok := p.fast.read(src)
		if !ok {
			continue
		}
		fast++
		if d := diffDocuments(docs, readYAML("gen.yaml", src)); d != "" {
			t.Fatalf("%q: %s", src, d)
		}
	}
	t.Logf("the fast reader read %d of %d generated documents", fast, n)
}

// genScalars, genKeys, genBlockHeaders and genBlockLines are fragments
// of YAML at the edges of the fast reader's subset, and beyond.
var (
	genScalars = []string{
		"a", "b c", "1", "-1", "0x1F", "017", "08", "1.5", ".5", "1e3", "1_000", "+1", "1.", "0b-1", "0o7",
		"9223372036854775808", "18446744073709551616", ".inf", "-.Inf", ".NaN", "true", "False", "null", "~", "",
		"2001-12-14", "2001-12-14 21:59:43.10 -5", "2001-12-14t21:59:43.10-05:00", "500m", "25%",
		"'q'", "'it''s'", `"d"`, `"e\n\t\x41\u00e9"`, `"\/"`, `"\U80000000"`, "a#b", "a #c", "http://x:1", "a:b",
		"a: b", "-", "- a", "-a", "--", "---", "...", "?", "?a", ":a", "a?", "a,b", "é", "<<", "a\tb",
		"[a]", "{a: b}", "[a, b]", "{a: [b, {c: d}]}", "[]", "{}", "[a, ]", "[a,\n  b]", "{a: 1,\n  b: 2}",
		"[\n]", `{"a":1}`, "{a:1}", "[a: b]", `["a": b]`, "[a?b]", "'a' # c", `"a"#c`,
		"!t a", "&x a", "*x", "%a", "@a", "`a",
	}
	genKeys = []string{
		"a", "b", "c", `"a"`, "'b'", "a b", "-a", "a:b", "a#b", ".", "1", "null", "true", "<<", `"<<"`,
		"? a", "[a]", "é", `""`, `k:{"a":1}`, "a ",
	}
	genBlockHeaders = []string{"|", ">", "|-", ">-", "|+", ">+", "|1", "|2-", ">1", "|+2", "| # c", "|#c"}
	genBlockLines   = []string{"x", "y z", "", " more", "#c", "\tt", "a: b", "- c", "---"}
)

// genDocument puts a document together at random from the fragments:
// block mappings and sequences, compact and indentless ones, at varied
// indentation, with comments, blank lines and document markers.
func genDocument(r *rand.Rand) string {
	var b strings.Builder
	if r.IntN(5) == 0 {
		b.WriteString("---\n")
	}
	genNode(r, &b, r.IntN(2), 0)
	return b.String()
}

func genNode(r *rand.Rand, b *strings.Builder, ind, depth int) {
	pad := strings.Repeat(" ", ind)
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	block := func() string {
		var s strings.Builder
		s.WriteString(pick(genBlockHeaders) + "\n")
		for range r.IntN(4) + 1 {
			s.WriteString(strings.Repeat(" ", r.IntN(6)) + pick(genBlockLines) + "\n")
		}
		return s.String()
	}
	switch k := r.IntN(10); {
	case k < 5 && depth < 4:
		for range r.IntN(3) + 1 {
			b.WriteString(pad + pick(genKeys) + ":")
			switch r.IntN(6) {
			case 0, 1:
				b.WriteString(" " + pick(genScalars) + "\n")
			case 2:
				b.WriteString("\n")
				genNode(r, b, ind+[]int{0, 1, 2, 4}[r.IntN(4)], depth+1)
			case 3:
				b.WriteString(" " + block())
			case 4:
				b.WriteString("\n")
			default:
				b.WriteString(" # c\n")
				genNode(r, b, ind+2, depth+1)
			}
			if r.IntN(8) == 0 {
				b.WriteString(pick([]string{"\n", "# x\n", "  # y\n", "---\n", "...\n", " \n"}))
			}
		}
	case k < 8 && depth < 4:
		for range r.IntN(3) + 1 {
			b.WriteString(pad + "-")
			switch r.IntN(5) {
			case 0, 1:
				b.WriteString(" " + pick(genScalars) + "\n")
			case 2: // compact: the item's first line goes after the dash
				var item strings.Builder
				genNode(r, &item, ind+2, depth+1)
				b.WriteString(" " + strings.TrimPrefix(item.String(), pad+"  "))
			case 3:
				b.WriteString(" " + block())
			default:
				b.WriteString("\n")
				genNode(r, b, ind+[]int{0, 2, 3}[r.IntN(3)], depth+1)
			}
		}
	default:
		b.WriteString(pad + pick(genScalars) + "\n")
	}
}
