// Package iac finds infrastructure-as-code files under the paths a user
// gives (files, directories, "-" for stdin), reads them in parallel and
// hands each to the front-end for its format — for now Kubernetes
// manifests (package iac/k8s). It records what it read as coverage
// ("file:<path>") and everything it could not read as an input error with
// the file and line, and never follows a symlink loop. After evaluation
// it applies the inline exceptions (vigil:ignore comments) of the files it
// read; a malformed one is an input error too.
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

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
)

// DefaultMaxFileSize bounds a single file; larger files are reported,
// not read.
const DefaultMaxFileSize = 32 << 20

// StdinName names standard input in locations.
const StdinName = "<stdin>"

// Scanner reads IaC files.
type Scanner struct {
	Parser      *k8s.Parser
	MaxFileSize int64
	// Cloud, when set, also reads Terraform, plan and state JSON and
	// CloudFormation, adapted into the aws.* model.
	Cloud *Cloud

	stdin []byte // kept to locate evidence in what came on stdin
	// exceptionFiles are the files of the last Scan that may hold
	// inline exceptions: those read directly that mention vigil:ignore,
	// and the other files resources were read from (Terraform).
	exceptionFiles []string
}

// Result is what a scan of paths yielded.
type Result struct {
	Resources []*model.Resource
	Errors    []model.InputError
	Coverage  []model.Coverage
	Files     int
}

type job struct {
	path     string
	explicit bool
}

// Scan reads every manifest under paths. "-" reads stdin.
func (s *Scanner) Scan(ctx context.Context, paths []string, stdin io.Reader) Result {
	var res Result
	var jobs []job
	var tfDirs []string
	for _, p := range paths {
		if p == "-" {
			jobs = append(jobs, job{path: StdinName, explicit: true})
			continue
		}
		w := walker{visited: map[string]bool{}, tfDirs: map[string]bool{}}
		w.walk(p, true)
		jobs = append(jobs, w.jobs...)
		res.Errors = append(res.Errors, w.errors...)
		res.Coverage = append(res.Coverage, w.skipped...)
		for d := range w.tfDirs {
			tfDirs = append(tfDirs, d)
		}
	}
	outs := make([]k8s.Result, len(jobs))
	clouds := make([][]cloudres.Instance, len(jobs))
	errs := make([]*model.InputError, len(jobs))
	marked := make([]bool, len(jobs)) // the file mentions vigil:ignore
	var wg sync.WaitGroup
	next := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				data, err := s.read(jobs[i].path, stdin)
				if err != nil {
					errs[i] = err
					continue
				}
				marked[i] = bytes.Contains(data, ignoreMarker)
				if f := s.Cloud.format(jobs[i].path, data); f != nil {
					insts, errs := f.Parse(jobs[i].path, data)
					clouds[i], outs[i] = insts, k8s.Result{Errors: errs}
					continue
				}
				outs[i] = s.Parser.Parse(jobs[i].path, data)
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	ids := map[string]bool{}
	read := map[string]bool{}
	s.exceptionFiles = nil
	for i, j := range jobs {
		if errs[i] != nil {
			res.Errors = append(res.Errors, *errs[i])
			res.Coverage = append(res.Coverage, model.Coverage{Scope: "file:" + j.path, Status: model.CoverageError, Reason: errs[i].Message})
			continue
		}
		o := outs[i]
		res.Files++
		read[j.path] = true
		if marked[i] {
			s.exceptionFiles = append(s.exceptionFiles, j.path)
		}
		status, reason := model.CoverageComplete, ""
		if len(o.Errors) > 0 {
			status, reason = model.CoverageError, o.Errors[0].Message
		}
		res.Coverage = append(res.Coverage, model.Coverage{Scope: "file:" + j.path, Status: status, Reason: reason})
		res.Errors = append(res.Errors, o.Errors...)
		res.Coverage = append(res.Coverage, o.Skipped...)
		for _, r := range o.Resources {
			if ids[r.ID] {
				// The same object defined twice (overlays, copies): keep
				// both, told apart by location.
				r.ID += "@" + r.Source.File + ":" + strconv.Itoa(r.Source.Line)
			}
			ids[r.ID] = true
			res.Resources = append(res.Resources, r)
		}
	}
	var insts []cloudres.Instance
	for _, c := range clouds {
		insts = append(insts, c...)
	}
	insts = append(insts, s.scanTerraform(ctx, tfDirs, &res)...)
	s.Cloud.adapt(insts, &res)
	s.exceptionFiles = append(s.exceptionFiles, resourceFiles(res.Resources, read)...)
	return res
}

// resourceFiles lists, sorted, the files resources were read from (their
// block, module call, module file, and files that set some of their
// attributes) that are not in read.
func resourceFiles(rs []*model.Resource, read map[string]bool) []string {
	files := map[string]bool{}
	add := func(f string) {
		if f != "" && !read[f] {
			files[f] = true
		}
	}
	for _, r := range rs {
		add(r.Source.File)
		if d := r.Source.DefinedIn; d != nil {
			add(d.File)
		}
		for _, f := range r.Source.Files {
			add(f)
		}
	}
	return sortedFiles(files)
}

func (s *Scanner) read(path string, stdin io.Reader) ([]byte, *model.InputError) {
	max := s.MaxFileSize
	if max <= 0 {
		max = DefaultMaxFileSize
	}
	var r io.Reader
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
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, &model.InputError{File: path, Message: "cannot read: " + unwrapPathError(err)}
	}
	if int64(len(data)) > max {
		return nil, &model.InputError{File: path, Message: fmt.Sprintf("file is larger than the %d MiB limit; split it, or scan it on its own with a larger --max-file-size", max>>20)}
	}
	if path == StdinName {
		s.stdin = data // only one job reads stdin
	}
	return data, nil
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
		if e.Name() == "Chart.yaml" {
			chart = true
		}
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
			if chart && name == "templates" {
				w.skipped = append(w.skipped, model.Coverage{Scope: "file:" + child, Status: model.CoverageSkipped,
					Reason: "Helm chart templates are not manifests until rendered: run 'helm template " + path + " | vigil scan iac -'"})
				continue
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

// LocateEvidence sets the line of each finding's evidence attribute in
// its manifest, re-reading only the files that have findings; and its
// file, for a cloud resource attribute set in another file than the one
// the resource points at (a Terraform override file, a satellite
// resource's file, the module a resource is declared in).
func (s *Scanner) LocateEvidence(cat *kube.Catalog, fs []model.Finding) {
	byFile := map[string][]int{}
	for i, f := range fs {
		if f.Resource != nil && f.Resource.Provider != "k8s" {
			if file, l, ok := cloudEvidence(f.Resource, f.Evidence.Path); ok {
				fs[i].Evidence.Line = l
				if file != f.Resource.Source.File {
					fs[i].Evidence.File = file
				}
			}
			continue
		}
		if f.Resource != nil && f.Resource.Source.File != "" && f.Evidence.Path != "" {
			byFile[f.Resource.Source.File] = append(byFile[f.Resource.Source.File], i)
		}
	}
	for file, idx := range byFile {
		var data []byte
		if file == StdinName {
			data = s.stdin
		} else {
			b, err := os.ReadFile(file)
			if err != nil {
				continue // the file changed under us: keep the object's line
			}
			data = b
		}
		loc := k8s.NewLocator(cat, data)
		for _, i := range idx {
			fs[i].Evidence.Line = loc.Line(fs[i].Resource.Source.Line, fs[i].Evidence.Path)
		}
	}
}
