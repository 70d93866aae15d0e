// Package iac finds infrastructure-as-code files under the paths a user
// gives (files, directories, "-" for stdin), reads them in parallel and
// hands each to the front-end for its format: Kubernetes manifests
// (package iac/k8s), Terraform configurations, plan and state JSON and
// CloudFormation, adapted into the aws.* model (package iac/awsadapt). A
// scan streams one scope per directory. It records what it read as
// coverage ("file:<path>") and everything it could not read as an input
// error with the file and line, and never follows a symlink loop. What
// a finding needs about where its resource was written — the line of an
// attribute, the inline exceptions (vigil:ignore comments) of its files —
// is attached to the resource as its files are read; a malformed inline
// exception is an input error.
package iac

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/iac/helm"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/model"
)

// DefaultMaxFileSize bounds a single file; larger files are reported,
// not read.
const DefaultMaxFileSize = 32 << 20

// StdinName names standard input in locations.
const StdinName = "<stdin>"

// Scanner reads IaC files. It holds configuration only: one Scanner
// serves any number of scans, concurrently.
type Scanner struct {
	Parser      *k8s.Parser
	MaxFileSize int64
	// Cloud, when set, also reads Terraform, plan and state JSON and
	// CloudFormation, adapted into the aws.* model.
	Cloud *Cloud
	// Known tells the rule ids of the loaded library, to check inline
	// exceptions; nil accepts any.
	Known func(ruleID string) bool
	// RequireExpiry makes an inline exception without "until" an input
	// error that excepts nothing (vigil.yaml's exceptions.require_expiry).
	RequireExpiry bool
	// References are the types rules read across scopes (the library's
	// related types). When several directories are scanned, the
	// Kubernetes objects of these types are read before any directory
	// is evaluated, so a rule in one directory sees the role bindings
	// of every other.
	References []string
	// Helm is how Helm charts found under the paths are rendered.
	Helm helm.Options
}

// Result is what a scan of paths yielded, all scopes together (Scan).
type Result struct {
	Resources []*model.Resource
	Errors    []model.InputError
	Warnings  []model.InputError
	Coverage  []model.Coverage
	Files     int
}

type job struct {
	path     string
	explicit bool
	chart    bool // path is a Helm chart's directory, rendered whole
}

// Scan reads every file under paths into one Result: the scopes a
// Source streams, gathered, for tools and tests that want everything
// at once.
func (s *Scanner) Scan(ctx context.Context, paths []string, stdin io.Reader) Result {
	src := s.Source(paths, stdin)
	var res Result
	_ = src.Scopes(ctx, func(sc *model.Scope) error {
		res.Resources = append(res.Resources, sc.Resources...)
		res.Errors = append(res.Errors, sc.Errors...)
		res.Warnings = append(res.Warnings, sc.Warnings...)
		res.Coverage = append(res.Coverage, sc.Coverage...)
		return nil
	})
	res.Files = src.Files()
	return res
}

// Source returns the scan of paths ("-" reads stdin) as a stream of
// scopes.
func (s *Scanner) Source(paths []string, stdin io.Reader) *Source {
	return &Source{s: s, paths: paths, stdin: stdin}
}

// Source is one IaC scan: one scope per directory (stdin is one of its
// own) with the manifests and single-file cloud formats in it and the
// Terraform root module it is, if it is one.
type Source struct {
	s     *Scanner
	paths []string
	stdin io.Reader
	files atomic.Int64

	ids map[string]bool // resource IDs so far: a duplicate is told apart by location

	mu       sync.Mutex
	dirs     map[string][]model.Directive // inline exceptions by file, as files are read
	problems []model.InputError           // malformed ones not yet reported

	root string // files are named relative to it (Relative)
}

// Files counts the files and Terraform root modules read.
func (src *Source) Files() int { return int(src.files.Load()) }

// dirGroup is the files of one scope.
type dirGroup struct {
	name string
	jobs []int
	tf   string // the Terraform root module the directory is, if any
}

// fileResult is what one file yielded.
type fileResult struct {
	err     *model.InputError
	k8s     k8s.Result
	cloud   []cloudres.Instance
	parsed  bool
	claimed bool // its objects' IDs are told apart from earlier ones
}

// Scopes streams the scan: a first scope with what the walk could not
// read or skipped — and, when several directories are scanned and rules
// read Kubernetes objects across scopes, the objects of those types, read
// first from the files that may hold them and delivered as references —
// then one scope per directory, in walk order.
func (src *Source) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	if src.root != "" {
		next := emit
		emit = func(sc *model.Scope) error {
			src.relative(sc)
			return next(sc)
		}
	}
	s := src.s
	src.ids = map[string]bool{}
	src.dirs = map[string][]model.Directive{}
	var jobs []job
	var tfDirs []string
	first := &model.Scope{Name: "iac walk"}
	for _, p := range src.paths {
		if p == "-" {
			jobs = append(jobs, job{path: StdinName, explicit: true})
			continue
		}
		w := walker{visited: map[string]bool{}, tfDirs: map[string]bool{}}
		w.walk(p, true)
		jobs = append(jobs, w.jobs...)
		first.Errors = append(first.Errors, w.errors...)
		first.Coverage = append(first.Coverage, w.skipped...)
		for d := range w.tfDirs {
			tfDirs = append(tfDirs, d)
		}
	}
	groups := src.group(jobs, tfDirs)
	results := make([]fileResult, len(jobs))
	kinds := s.referenceKinds()
	single := len(groups) == 1
	if !single && len(kinds) > 0 {
		all := make([]int, len(jobs))
		for i := range all {
			all[i] = i
		}
		src.readFiles(ctx, jobs, all, results, func(path string, data []byte) bool {
			// A cloud format holds no Kubernetes object: it waits for its
			// directory, unparsed.
			return path == StdinName || src.s.Cloud.format(path, data) == nil && mayHold(data, kinds)
		})
		for i := range jobs {
			if results[i].parsed {
				first.References = append(first.References, src.claim(&results[i])...)
			}
		}
		first.Complete = s.kubeReferences()
	}
	first.Errors = append(first.Errors, src.drainProblems()...)
	if err := emit(first); err != nil {
		return err
	}
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return err
		}
		sc := src.scope(ctx, g, jobs, results)
		if single {
			sc.Complete = s.References
		}
		if err := emit(sc); err != nil {
			return err
		}
		for _, i := range g.jobs {
			results[i] = fileResult{} // the scope is done: keep nothing it read
		}
	}
	return ctx.Err()
}

// group orders the jobs and the Terraform root modules into one scope
// per directory, in walk order.
func (src *Source) group(jobs []job, tfDirs []string) []*dirGroup {
	byName := map[string]*dirGroup{}
	var out []*dirGroup
	get := func(name string) *dirGroup {
		if g, ok := byName[name]; ok {
			return g
		}
		g := &dirGroup{name: name}
		byName[name] = g
		out = append(out, g)
		return g
	}
	for i, j := range jobs {
		name := StdinName
		switch {
		case j.chart:
			name = j.path
		case j.path != StdinName:
			name = filepath.Dir(j.path)
		}
		g := get(name)
		g.jobs = append(g.jobs, i)
	}
	if src.s.Cloud != nil && src.s.Cloud.Terraform != nil {
		for _, d := range src.s.Cloud.roots(tfDirs) {
			get(filepath.Clean(d)).tf = d
		}
	}
	return out
}

// scope reads the directory's files not read yet, evaluates its
// Terraform root module, adapts its cloud instances and attaches to
// every resource the inline exceptions of its files.
func (src *Source) scope(ctx context.Context, g *dirGroup, jobs []job, results []fileResult) *model.Scope {
	sc := &model.Scope{Name: "iac " + g.name}
	src.readFiles(ctx, jobs, g.jobs, results, nil)
	var insts []cloudres.Instance
	for _, i := range g.jobs {
		r := &results[i]
		if r.err != nil {
			sc.Errors = append(sc.Errors, *r.err)
			sc.Coverage = append(sc.Coverage, model.Coverage{Scope: coverageScope(jobs[i]), Status: model.CoverageError, Reason: r.err.Message})
			continue
		}
		if !r.parsed {
			continue // cancelled
		}
		src.files.Add(1)
		status, reason := model.CoverageComplete, ""
		if len(r.k8s.Errors) > 0 {
			status, reason = model.CoverageError, r.k8s.Errors[0].Message
		}
		sc.Coverage = append(sc.Coverage, model.Coverage{Scope: coverageScope(jobs[i]), Status: status, Reason: reason})
		sc.Errors = append(sc.Errors, r.k8s.Errors...)
		sc.Coverage = append(sc.Coverage, r.k8s.Skipped...)
		sc.Resources = append(sc.Resources, src.claim(r)...)
		insts = append(insts, r.cloud...)
	}
	if g.tf != "" && ctx.Err() == nil {
		insts = append(insts, src.terraform(g.tf, sc)...)
	}
	if len(insts) > 0 {
		a := src.s.Cloud.adapt(insts)
		sc.Resources = append(sc.Resources, a.Resources...)
		sc.Coverage = append(sc.Coverage, a.Coverage...)
	}
	src.attach(sc.Resources)
	sc.Errors = append(sc.Errors, src.drainProblems()...)
	return sc
}

// claim returns a file's Kubernetes objects; the first time, an object
// whose ID an earlier one has (the same object defined twice: overlays,
// copies) is told apart by its location.
func (src *Source) claim(r *fileResult) []*model.Resource {
	if r.claimed {
		return r.k8s.Resources
	}
	r.claimed = true
	for _, res := range r.k8s.Resources {
		if src.ids[res.ID] {
			res.ID += "@" + res.Source.File + ":" + strconv.Itoa(res.Source.Line)
		}
		src.ids[res.ID] = true
	}
	return r.k8s.Resources
}

// readFiles reads and parses the jobs at idx in parallel, skipping those
// already read. With want set, a file is parsed and kept only when want
// accepts its content; the others are read again by their scope.
func (src *Source) readFiles(ctx context.Context, jobs []job, idx []int, out []fileResult, want func(path string, data []byte) bool) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// With want set most files are only looked at: they are read
			// into one buffer, and copied out only when kept.
			var scratch []byte
			for i := range next {
				if jobs[i].chart {
					out[i] = src.renderChart(jobs[i].path)
					continue
				}
				if want != nil && jobs[i].path != StdinName {
					data, err := src.s.read(jobs[i].path, nil, scratch)
					if err != nil {
						out[i] = fileResult{err: err}
						continue
					}
					scratch = data[:0]
					if want(jobs[i].path, data) {
						out[i] = src.parse(jobs[i].path, bytes.Clone(data))
					}
					continue
				}
				data, err := src.s.read(jobs[i].path, src.stdin, nil)
				if err != nil {
					out[i] = fileResult{err: err}
					continue
				}
				if want != nil && !want(jobs[i].path, data) {
					continue
				}
				out[i] = src.parse(jobs[i].path, data)
			}
		}()
	}
	for _, i := range idx {
		if ctx.Err() != nil {
			break
		}
		if out[i].parsed || out[i].err != nil {
			continue
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// parse reads one file's content — a cloud format, else manifests, each
// object located by the manifest parser — and its inline exceptions.
func (src *Source) parse(path string, data []byte) fileResult {
	src.directives(path, data)
	if f := src.s.Cloud.format(path, data); f != nil {
		insts, errs := f.Parse(path, data)
		return fileResult{cloud: insts, k8s: k8s.Result{Errors: errs}, parsed: true}
	}
	return fileResult{k8s: src.s.Parser.Parse(path, data), parsed: true}
}

// directives records a file's inline exceptions, once per file; the
// malformed ones are reported with the next scope.
func (src *Source) directives(path string, data []byte) {
	src.mu.Lock()
	defer src.mu.Unlock()
	if _, done := src.dirs[path]; done {
		return
	}
	ds, problems := Directives(path, data, src.s.Known)
	if src.s.RequireExpiry {
		ds, problems = RequireExpiry(ds, problems)
	}
	src.dirs[path] = ds
	src.problems = append(src.problems, problems...)
}

// drainProblems returns, sorted, the malformed inline exceptions found
// since the last call.
func (src *Source) drainProblems() []model.InputError {
	src.mu.Lock()
	defer src.mu.Unlock()
	out := src.problems
	src.problems = nil
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// attach gives each resource the inline exceptions of the files it was
// read from: its block's, its module's, and those of files that set some
// of its attributes.
func (src *Source) attach(rs []*model.Resource) {
	src.mu.Lock()
	defer src.mu.Unlock()
	for _, r := range rs {
		files := []string{r.Source.File}
		if d := r.Source.DefinedIn; d != nil {
			files = append(files, d.File)
		}
		for _, f := range r.Source.Files {
			files = append(files, f)
		}
		var ds []model.Directive
		seen := map[string]bool{}
		for _, f := range files {
			if !seen[f] {
				seen[f] = true
				ds = append(ds, src.dirs[f]...)
			}
		}
		r.Source.Directives = ds
	}
}

// referenceKinds returns the Kubernetes kinds of the reference types.
func (s *Scanner) referenceKinds() []string {
	var out []string
	for _, t := range s.kubeReferences() {
		if k, ok := s.Parser.Catalog().ByType(t); ok {
			out = append(out, k.Kind)
		}
	}
	return out
}

// kubeReferences returns the Kubernetes types among the reference types.
func (s *Scanner) kubeReferences() []string {
	var out []string
	for _, t := range s.References {
		if strings.HasPrefix(t, "k8s.") {
			out = append(out, t)
		}
	}
	return out
}

// mayHold reports whether a manifest's content may hold an object of
// one of kinds: it names one of them (outside the one field name that
// contains such a name, automountServiceAccountToken), or writes strings
// with escapes (of a character, or of a line break, which joins two
// lines with nothing between) or binary tags, which could spell a kind
// without naming it. A file it rejects holds no such object.
func mayHold(data []byte, kinds []string) bool {
	for _, k := range kinds {
		n := bytes.Count(data, []byte(k))
		if k == "ServiceAccount" {
			n -= bytes.Count(data, []byte("automountServiceAccountToken"))
		}
		if n > 0 {
			return true
		}
	}
	for _, spelt := range []string{`\u`, `\U`, `\x`, "\\\n", "\\\r", "!!binary"} {
		if bytes.Contains(data, []byte(spelt)) {
			return true
		}
	}
	return false
}

// read returns the content of the file at path (or stdin); into scratch
// when it is large enough, else into a new slice of the file's size.
func (s *Scanner) read(path string, stdin io.Reader, scratch []byte) ([]byte, *model.InputError) {
	max := s.MaxFileSize
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	var r io.Reader
	var buf bytes.Buffer
	if path == StdinName {
		if stdin == nil {
			return nil, &model.InputError{File: path, Message: "no standard input"}
		}
		r = stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, &model.InputError{File: path, Message: "cannot read: " + unwrapPathError(err)}
		}
		defer f.Close()
		r = f
		// One allocation of the file's size, not a doubling series:
		// reading was a sixth of a 100,000-manifest scan's allocations.
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() <= max {
			if data, ok := readExact(f, fi.Size(), scratch); ok {
				return data, nil
			}
			if _, err := f.Seek(0, io.SeekStart); err != nil {
				return nil, &model.InputError{File: path, Message: "cannot read: " + unwrapPathError(err)}
			}
		}
	}
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, &model.InputError{File: path, Message: "cannot read: " + unwrapPathError(err)}
	}
	data := buf.Bytes()
	if int64(len(data)) > max {
		return nil, &model.InputError{File: path, Message: fmt.Sprintf("file is larger than the %d MiB limit; split it, or scan it on its own with a larger --max-file-size", max>>20)}
	}
	return data, nil
}

// readExact reads a regular file of the given size into one slice of
// exactly that size; false when the file turns out to have another size
// (it changed while read), for the caller to read it as a stream.
func readExact(f *os.File, size int64, scratch []byte) ([]byte, bool) {
	data := scratch[:0]
	if int64(cap(data)) < size {
		data = make([]byte, size)
	}
	data = data[:size]
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, false
	}
	var one [1]byte
	if n, _ := f.Read(one[:]); n != 0 {
		return nil, false
	}
	return data, true
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// walker collects manifest files and Terraform directories, following
// symlinks once each.
type walker struct {
	visited map[string]bool
	jobs    []job
	errors  []model.InputError
	skipped []model.Coverage
	tfDirs  map[string]bool
}

func manifestExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml", ".json", ".template", ".tfstate":
		return !strings.HasSuffix(name, ".tf.json")
	}
	return false
}

func (w *walker) walk(path string, explicit bool) {
	info, err := os.Stat(path)
	if err != nil {
		msg := "cannot read: " + unwrapPathError(err)
		if errors.Is(err, fs.ErrNotExist) {
			msg = "no such file or directory; check the path"
		}
		if lerr, ok := err.(*fs.PathError); ok && strings.Contains(lerr.Err.Error(), "too many levels of symbolic links") {
			msg = "symlink loop; the link was not followed"
		}
		w.errors = append(w.errors, model.InputError{File: path, Message: msg})
		return
	}
	if !info.IsDir() {
		if tfFile(path) {
			w.tfDirs[filepath.Dir(path)] = true
			return
		}
		if explicit || manifestExt(path) {
			w.jobs = append(w.jobs, job{path: path, explicit: explicit})
		}
		return
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		w.errors = append(w.errors, model.InputError{File: path, Message: "cannot resolve: " + unwrapPathError(err)})
		return
	}
	if w.visited[real] {
		w.errors = append(w.errors, model.InputError{File: path, Message: "symlink loop: this directory was already scanned as " + real + "; the link was not followed"})
		return
	}
	w.visited[real] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		w.errors = append(w.errors, model.InputError{File: path, Message: "cannot list directory: " + unwrapPathError(err)})
		return
	}
	chart := false
	for _, e := range entries {
		if e.Name() == "Chart.yaml" && e.Type().IsRegular() {
			chart = true
		}
	}
	if chart {
		// The chart is rendered whole; its templates and subcharts are
		// read by the renderer, its crds/ and any other folder as files.
		w.jobs = append(w.jobs, job{path: path, chart: true})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		child := filepath.Join(path, name)
		if strings.HasPrefix(name, ".") && name != "." {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			st, err := os.Stat(child)
			if err != nil {
				w.errors = append(w.errors, model.InputError{File: child, Message: "broken or looping symlink; the link was not followed"})
				continue
			}
			isDir = st.IsDir()
		}
		if isDir {
			if name == "node_modules" || name == "vendor" {
				continue
			}
			if chart && (name == "templates" || name == "charts" || name == "ci") {
				continue // templates and subcharts are rendered; ci/ holds values files
			}
			w.walk(child, false)
			continue
		}
		if tfFile(name) {
			w.tfDirs[path] = true
			continue
		}
		if manifestExt(name) {
			if chart && (name == "values.yaml" || name == "Chart.yaml" || strings.HasPrefix(name, "values.")) {
				continue
			}
			w.jobs = append(w.jobs, job{path: child})
		}
	}
}
