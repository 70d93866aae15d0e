package policy

import "testing"

// BenchmarkInterpreterCache evaluates a generated cluster with OPA's
// interpreter taking OPA's own virtual cache or flatCache: "forced"
// evaluates the whole library in the interpreter (as when the planner
// refuses it), "fallback" the planned library plus one rule that uses
// with, the only one the interpreter evaluates (as for a user's rule).
func BenchmarkInterpreterCache(b *testing.B) {
	lib, resources := libraryAndCluster(b, 10_000, 1)
	lib.noPlan = true
	fallback := libraryWithFallback(b)
	for _, e := range []struct {
		name string
		eng  *Engine
	}{{"forced", lib}, {"fallback", fallback}} {
		for _, c := range []struct {
			name     string
			opaCache bool
		}{{"opa", true}, {"flat", false}} {
			b.Run(e.name+"/"+c.name, func(b *testing.B) {
				e.eng.opaCache = c.opaCache
				var res []Result
				for b.Loop() {
					res = evalWith(b, e.eng, resources, func() {})
				}
				b.ReportMetric(float64(len(resources)*b.N)/b.Elapsed().Seconds(), "objects/s")
				b.ReportMetric(float64(len(res)), "findings")
			})
		}
	}
}
