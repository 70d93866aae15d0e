package awsadapt

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Result is what adaptation yields.
type Result struct {
	Resources []*model.Resource
	// Coverage has a "skipped" record per source type no adapter reads
	// and per satellite whose main resource the scope does not declare.
	Coverage []model.Coverage
}

// Options tune adaptation.
type Options struct {
	// AccountID is the AWS account the configuration deploys to, when the
	// user says (scan iac --aws-account-id). It decides which principals
	// of a role's trust policy are other accounts; unknown, an account
	// principal may be the deploying account itself and the trust's
	// external accounts are unread.
	AccountID string
}

// Adapt turns instances into aws.* resources.
func Adapt(instances []cloudres.Instance) Result { return AdaptWith(instances, Options{}) }

// AdaptWith is Adapt with options.
func AdaptWith(instances []cloudres.Instance, opts Options) Result {
	ix := newIndex(instances)
	ix.account = opts.AccountID
	var res Result
	consumed := map[string]bool{}
	for _, a := range adapters() {
		for _, t := range a.consumes() {
			consumed[t] = true
		}
		res.Resources = append(res.Resources, a.adapt(ix)...)
	}
	// Orphan satellites naming their resource by a literal identifier
	// build it partially; the others are reported below.
	res.Resources = append(res.Resources, partials(ix, instances)...)
	skipped := map[string]map[string]bool{} // type -> files
	for i := range instances {
		in := &instances[i]
		if consumed[in.Type] || !isAWS(in.Type) {
			continue
		}
		if skipped[in.Type] == nil {
			skipped[in.Type] = map[string]bool{}
		}
		skipped[in.Type][in.File] = true
	}
	for _, t := range sortedKeys(skipped) {
		files := sortedKeys(skipped[t])
		res.Coverage = append(res.Coverage, model.Coverage{Scope: "iac-type:" + t, Status: model.CoverageSkipped,
			Reason: fmt.Sprintf("no rule reads %s yet; not evaluated (%s)", t, strings.Join(files, ", "))})
	}
	for i := range instances {
		if s, ok := ix.orphaned(&instances[i]); ok {
			res.Coverage = append(res.Coverage, orphanCoverage(&instances[i], s))
		}
	}
	return res
}

// AdaptedTypes lists the source types adapters read (for `vigil rules`).
func AdaptedTypes() map[string][]string {
	out := map[string][]string{}
	for _, a := range adapters() {
		out[a.Target] = append(out[a.Target], a.consumes()...)
	}
	return out
}

// isAWS reports whether a source type is an AWS one.
func isAWS(t string) bool { return strings.HasPrefix(t, "aws_") || strings.HasPrefix(t, "AWS::") }

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
