package iac

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/awsadapt"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Cloud holds the cloud IaC front-ends, wired by the composition root.
type Cloud struct {
	// Terraform evaluates the root module in dir; read, when set, is
	// given every file the evaluation reads, and warn, when set, every
	// deprecated form it accepts.
	Terraform func(dir string, read func(path string, src []byte), warn func(model.InputError)) ([]cloudres.Instance, []model.InputError)
	// ModuleDirs lists the local module directories the .tf files of dir
	// call, joined to dir (filepath.Join(dir, source)), so they are not
	// also evaluated as roots of their own.
	ModuleDirs func(dir string) []string
	// Files are the single-file formats (plan and state JSON,
	// CloudFormation), tried in order before Kubernetes manifests.
	Files []FileFormat
	// AWSAccountID is CloudOptions.AWSAccountID.
	AWSAccountID string
}

// FileFormat is a single-file cloud IaC format.
type FileFormat struct {
	Name   string
	Detect func(name string, data []byte) bool
	Parse  func(file string, data []byte) ([]cloudres.Instance, []model.InputError)
}

// format returns the cloud format of a file, if any.
func (c *Cloud) format(name string, data []byte) *FileFormat {
	if c == nil {
		return nil
	}
	for i := range c.Files {
		if c.Files[i].Detect(name, data) {
			return &c.Files[i]
		}
	}
	return nil
}

func tfFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// roots returns the directories with Terraform files that no other
// scanned directory calls as a local module.
func (c *Cloud) roots(dirs []string) []string {
	called := map[string]bool{}
	if c.ModuleDirs != nil {
		for _, d := range dirs {
			for _, m := range c.ModuleDirs(d) {
				// Already joined to d: joining again broke every scan of a
				// relative path other than ".".
				if m = filepath.Clean(m); m != filepath.Clean(d) {
					called[m] = true
				}
			}
		}
	}
	var out []string
	for _, d := range dirs {
		if !called[filepath.Clean(d)] {
			out = append(out, d)
		}
	}
	sort.Strings(out)
	return out
}

// terraform evaluates the root module in dir for a scope: its
// instances, and the coverage and errors of its files. Every file the
// evaluation reads (the root's, its modules') has its inline exceptions
// read too.
func (src *Source) terraform(dir string, sc *model.Scope) []cloudres.Instance {
	insts, errs := src.s.Cloud.Terraform(dir, src.directives, func(w model.InputError) { sc.Warnings = append(sc.Warnings, w) })
	src.files.Add(1)
	status, reason := model.CoverageComplete, ""
	if len(errs) > 0 {
		status, reason = model.CoverageError, errs[0].Error()
	}
	sc.Coverage = append(sc.Coverage, model.Coverage{Scope: "file:" + dir, Status: status, Reason: reason})
	// Findings are stored by the file their resource points at (the
	// block, or the module call): each such file is a scope a later scan
	// must read in full before its findings may resolve.
	failed := map[string]string{}
	for _, e := range errs {
		if _, ok := failed[e.File]; !ok && e.File != "" {
			failed[e.File] = e.Error()
		}
	}
	files := map[string]bool{}
	for _, in := range insts {
		files[in.File] = true
		if in.CallFile != "" {
			files[in.CallFile] = true
		}
	}
	for _, f := range sortedFiles(files) {
		cov := model.Coverage{Scope: "file:" + f, Status: model.CoverageComplete}
		if r, ok := failed[f]; ok {
			cov.Status, cov.Reason = model.CoverageError, r
		}
		sc.Coverage = append(sc.Coverage, cov)
	}
	sc.Errors = append(sc.Errors, errs...)
	return insts
}

func sortedFiles(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// adapt turns cloud instances into aws.* resources.
func (c *Cloud) adapt(insts []cloudres.Instance) awsadapt.Result {
	var opts awsadapt.Options
	if c != nil {
		opts.AccountID = c.AWSAccountID
	}
	return awsadapt.AdaptWith(insts, opts)
}

// ParseFile reads one cloud IaC file on its own — a .tf file is
// evaluated as a root module of one file — and adapts it. handled is
// false when the file is none of the cloud formats (the rule fixture
// runner then reads it as Kubernetes manifests).
func (c *Cloud) ParseFile(name string, data []byte) (resources []*model.Resource, errs []model.InputError, handled bool) {
	if c == nil {
		return nil, nil, false
	}
	var insts []cloudres.Instance
	switch {
	case tfFile(name) && c.Terraform != nil:
		dir, err := os.MkdirTemp("", "vigil-tf-")
		if err != nil {
			return nil, []model.InputError{{File: name, Message: err.Error()}}, true
		}
		defer os.RemoveAll(dir)
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(name)), data, 0o600); err != nil {
			return nil, []model.InputError{{File: name, Message: err.Error()}}, true
		}
		insts, errs = c.Terraform(dir, nil, nil)
		for i := range insts {
			insts[i].File = name
		}
		for i := range errs {
			errs[i].File = name
		}
	default:
		f := c.format(name, data)
		if f == nil {
			return nil, nil, false
		}
		insts, errs = f.Parse(name, data)
	}
	if len(insts) == 0 {
		return nil, errs, true
	}
	return c.adapt(insts).Resources, errs, true
}
