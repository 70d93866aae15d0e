package iac

import (
	"errors"

	"github.com/vigil-cspm/vigil/internal/iac/helm"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/model"
)

// renderChart renders the Helm chart in dir and parses what each of its
// templates renders to, as a file of that template's path: findings name
// the template, and their lines are lines of the rendered template (what
// 'helm template' prints under "# Source:"). Inline exceptions are read
// from the rendered text, where the template's comments remain.
func (src *Source) renderChart(dir string) fileResult {
	tpls, err := helm.Render(dir, src.s.Helm)
	if errors.Is(err, helm.ErrLibrary) {
		return fileResult{k8s: k8s.Result{Skipped: []model.Coverage{{Scope: "chart:" + dir, Status: model.CoverageSkipped, Reason: err.Error()}}}, parsed: true}
	}
	if err != nil {
		return fileResult{err: &model.InputError{File: dir, Message: "cannot render the Helm chart: " + err.Error() +
			"; fix the template, give the values it needs with --helm-values or --helm-set, or vendor its dependencies (helm dependency build)"}}
	}
	var res k8s.Result
	for _, t := range tpls {
		src.directives(t.Path, t.Data)
		r := src.s.Parser.Parse(t.Path, t.Data)
		res.Resources = append(res.Resources, r.Resources...)
		res.Errors = append(res.Errors, r.Errors...)
		res.Skipped = append(res.Skipped, r.Skipped...)
	}
	return fileResult{k8s: res, parsed: true}
}

// coverageScope names a job in coverage: "file:<path>", or
// "chart:<dir>" for a rendered Helm chart.
func coverageScope(j job) string {
	if j.chart {
		return "chart:" + j.path
	}
	return "file:" + j.path
}
