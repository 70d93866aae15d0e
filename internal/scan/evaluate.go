package scan

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/graph"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/policy"
)

// Evaluation is a judgement of resources held in memory, with nothing
// stored: the admission webhook's entry to the pipeline.
type Evaluation struct {
	// Kind and Account name the evaluation ("admission", the cluster).
	Kind, Account string
	Library       *Library
	// Resources are judged.
	Resources []*model.Resource
	// Index holds the other resources rules may read (a cache's objects
	// of the related types, graph.NewIndex(Engine.RelatedTypes()),
	// not changed while Evaluate reads it); they are not judged. Its
	// resource with the ID of a judged one is hidden: the judged version
	// is the one rules read.
	Index *graph.Index
	// Inputs, when set, hold Index's resources already converted to
	// rule input (policy.Inputs): a cache converts each object once,
	// when it changes, rather than once per evaluation.
	Inputs     *policy.Inputs
	Params     *params.Set
	Exceptions []exceptions.Exception
	// IncludeSystem reports findings on Kubernetes' own objects.
	IncludeSystem bool
	Now           func() time.Time
	Log           *slog.Logger
}

// Evaluate judges e.Resources as one complete scope through Run — the
// same redundant-workload exclusion, controller de-duplication,
// fingerprints, rule parameters and exceptions as a scan — and returns
// their findings. Every related type counts as complete: Index is all
// there is. Risk is scored on e.Resources alone, so combination rules,
// which need exposure through Services, find nothing here.
func Evaluate(ctx context.Context, e Evaluation) ([]model.Finding, error) {
	sc := &model.Scope{Name: e.Kind, Resources: e.Resources, Complete: e.Library.Engine.RelatedTypes()}
	var sink collect
	_, err := Run(ctx, Request{Kind: e.Kind, Account: e.Account, Source: oneScope{sc}, Library: e.Library,
		IncludeSystem: e.IncludeSystem, Sink: &sink, Log: e.Log, Params: e.Params, Exceptions: e.Exceptions, Now: e.Now,
		BaseIndex: e.Index, BaseInputs: e.Inputs})
	if err != nil {
		return nil, err
	}
	return sink.all, nil
}

// oneScope is a source of one scope held in memory.
type oneScope struct{ sc *model.Scope }

func (s oneScope) Scopes(_ context.Context, emit func(*model.Scope) error) error { return emit(s.sc) }

// collect is a sink that keeps every finding.
type collect struct {
	mu  sync.Mutex
	all []model.Finding
}

func (c *collect) Findings(fs []model.Finding) error {
	c.mu.Lock()
	c.all = append(c.all, fs...)
	c.mu.Unlock()
	return nil
}
