package admission

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the webhook's Prometheus metrics, on a registry of their
// own. Labels are bounded: modes and results are fixed lists, rules the
// library's ids, reasons the handler's constants.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	verdicts  *prometheus.CounterVec
	latency   prometheus.Histogram
	errors    *prometheus.CounterVec
	sends     *prometheus.CounterVec
	cacheSize prometheus.GaugeFunc
	exFetches *prometheus.CounterVec
	exHeld    *prometheus.GaugeVec
}

// NewMetrics registers the metrics; cached, when set, reports the
// cache's size.
func NewMetrics(cached func() int) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_admission_requests_total",
			Help: "Admission requests answered, by whether they were allowed and why (judged, exempt, unmodelled, unchanged, operation, subresource); dry runs included, with dry_run=true."},
			[]string{"allowed", "reason", "dry_run"}),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_admission_decisions_total",
			Help: "Violated rules of judged admission requests, by mode (enforce, warn, audit), rule and result (denied, warned, audited, excepted); dry runs not counted."},
			[]string{"mode", "rule", "result"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "vigil_admission_review_duration_seconds",
			Help:    "Time to answer an admission request, from its body read to its answer written.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1}}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_admission_errors_total",
			Help: "Admission requests not judged, by stage (decode: not an AdmissionReview; evaluate: the engine failed, so the failure policy applied)."},
			[]string{"stage"}),
	}
	m.sends = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_admission_decisions_sent_total",
		Help: "Decisions sent to vigil serve, by outcome (sent, failed after retries, dropped with the queue full, unsent: still queued when a stopping webhook's flush deadline passed)."}, []string{"outcome"})
	m.exFetches = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_admission_exceptions_fetches_total",
		Help: "Fetches of vigil serve's approved exception set, by outcome (ok; failed: the last good set stays in use)."}, []string{"outcome"})
	m.exHeld = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "vigil_admission_exceptions",
		Help: "Exceptions requests are judged by, by source (file; service: the last good set fetched from vigil serve)."}, []string{"source"})
	m.reg.MustRegister(m.requests, m.verdicts, m.latency, m.errors, m.sends, m.exFetches, m.exHeld)
	if cached != nil {
		m.cacheSize = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "vigil_admission_cached_objects",
			Help: "Objects held by the cache of the kinds cross-object rules read."}, func() float64 { return float64(cached()) })
		m.reg.MustRegister(m.cacheSize)
	}
	for _, stage := range []string{"decode", "evaluate"} {
		m.errors.WithLabelValues(stage)
	}
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry is the metrics' registry (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

func (m *Metrics) observe(d *Decision) {
	if m == nil {
		return
	}
	reason := d.Reason
	if len(reason) > len(ReasonExempt) && reason[:len(ReasonExempt)] == ReasonExempt {
		reason = ReasonExempt
	}
	m.requests.WithLabelValues(boolLabel(d.Allowed), reason, boolLabel(d.DryRun)).Inc()
	m.latency.Observe(d.Duration.Seconds())
	if d.DryRun {
		return
	}
	for _, v := range d.Verdicts {
		m.verdicts.WithLabelValues(v.Mode, v.RuleID, v.Result).Inc()
	}
}

func (m *Metrics) sent(outcome string) {
	if m == nil {
		return
	}
	m.sends.WithLabelValues(outcome).Inc()
}

func (m *Metrics) exceptionsFetched(outcome string) {
	if m == nil {
		return
	}
	m.exFetches.WithLabelValues(outcome).Inc()
}

func (m *Metrics) setExceptions(source string, n int) {
	if m == nil {
		return
	}
	m.exHeld.WithLabelValues(source).Set(float64(n))
}

func (m *Metrics) evalError(stage string) {
	if m == nil {
		return
	}
	m.errors.WithLabelValues(stage).Inc()
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Requests is the requests counter of one label set (tests read it).
func (m *Metrics) Requests(allowed, reason, dryRun string) prometheus.Counter {
	return m.requests.WithLabelValues(allowed, reason, dryRun)
}

// Sent is the sends counter of an outcome (tests read it).
func (m *Metrics) Sent(outcome string) prometheus.Counter { return m.sends.WithLabelValues(outcome) }

// ExceptionFetches is the exception fetches counter of an outcome
// (tests read it).
func (m *Metrics) ExceptionFetches(outcome string) prometheus.Counter {
	return m.exFetches.WithLabelValues(outcome)
}
