package policy

import "github.com/open-policy-agent/opa/v1/topdown"

// SetTracer makes e report every evaluation to t, e.g. OPA's profiler,
// to count the expressions a change to the library or the engine saves.
func SetTracer(e *Engine, t topdown.QueryTracer) { e.tracer = t }
