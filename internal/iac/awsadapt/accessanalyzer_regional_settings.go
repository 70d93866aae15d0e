package awsadapt

import (
	"slices"
	"sort"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// accessAnalyzerRegionalSettings reports the analyzers a scope declares. The region
// is unknown and other analyzers may exist, so only the positive fact
// counts: a scope with no external access analyzer yields no resource
// (the not-enabled rule cannot be guarded by aws.known).
func accessAnalyzerRegionalSettings(ix *Index) []*model.Resource {
	byScope := map[string][]*cloudres.Instance{}
	for _, t := range []string{"aws_accessanalyzer_analyzer", "AWS::AccessAnalyzer::Analyzer"} {
		for _, in := range ix.OfType(t) {
			byScope[scopeKey(in)] = append(byScope[scopeKey(in)], in)
		}
	}
	var out []*model.Resource
	for _, scope := range sortedKeys(byScope) {
		ins := byScope[scope]
		var set awsmodel.AccessAnalyzerRegionalSettings
		var first *builder
		for _, in := range ins {
			b := newBuilder(in)
			typeKey := spell(in, "type", "Type")
			typ, ok := b.str(typeKey, "analyzers")
			if _, set := in.Get(typeKey); !set {
				typ, ok = "ACCOUNT", true // default of both sources
			}
			if !ok {
				continue
			}
			set.Analyzers = append(set.Analyzers, awsmodel.Analyzer{Name: labelOr(in, spell(in, "analyzer_name", "AnalyzerName")), Type: typ, Status: "ACTIVE"})
			if first == nil {
				first = b
			}
		}
		if !slices.ContainsFunc(set.Analyzers, awsmodel.Analyzer.ExternalAccess) || first == nil {
			continue
		}
		sort.Slice(set.Analyzers, func(i, j int) bool { return set.Analyzers[i].Name < set.Analyzers[j].Name })
		out = append(out, first.resource(awsmodel.TypeAccessAnalyzerRegionalSettings, first.in.Name, set))
	}
	return out
}
