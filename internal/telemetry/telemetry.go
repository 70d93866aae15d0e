// Package telemetry is what `vigil serve` tells Prometheus: the SLIs of
// internal/metrics (M1–M10), open findings by severity, connector health,
// scans and their durations, cloud API calls, throttles and errors per
// service, HTTP requests by route, and notification outcomes by channel
// kind.
//
// Invariants: every label set is bounded — routes are the server's
// registered patterns, connectors the configured ones, services the
// collectors', severities and outcomes fixed lists; values read from the
// store are computed at most once per CacheFor, so a scrape never
// repeats the heavy queries.
package telemetry

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/metrics"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Sources are where the scraped values come from.
type Sources struct {
	Store    store.Store
	Rules    []*model.RuleMeta
	Expected metrics.Expected
	// Health is the jobs engine's connector health.
	Health func(context.Context) ([]jobs.ConnectorHealth, error)
	Now    func() time.Time
	// CacheFor is how long values read from the store are reused
	// (default 1 min); Window the SLIs' window (default 30 days).
	CacheFor, Window time.Duration
	Log              *slog.Logger
	// Notifications are the notifier's counts by channel kind.
	Notifications func() []notify.Count
}

// Telemetry holds the service's metrics.
type Telemetry struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	scans       *prometheus.CounterVec
	scanSeconds *prometheus.HistogramVec
	apiCalls    *prometheus.CounterVec
}

// New registers every metric; the store-backed ones are read on scrape.
func New(src Sources) *Telemetry {
	if src.Now == nil {
		src.Now = time.Now
	}
	if src.CacheFor <= 0 {
		src.CacheFor = time.Minute
	}
	if src.Window <= 0 {
		src.Window = 30 * 24 * time.Hour
	}
	if src.Log == nil {
		src.Log = slog.New(slog.DiscardHandler)
	}
	t := &Telemetry{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code."}, []string{"route", "code"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vigil_http_request_duration_seconds",
			Help: "Time to answer HTTP requests, by route pattern.", Buckets: []float64{.005, .01, .025, .05, .1, .2, .3, .5, 1, 2.5, 5}}, []string{"route"}),
		scans: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_scans_total",
			Help: "Scan attempts by connector and outcome (success, failure)."}, []string{"connector", "outcome"}),
		scanSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "vigil_scan_duration_seconds",
			Help: "Duration of scan attempts, by connector.", Buckets: prometheus.ExponentialBuckets(0.25, 2, 14)}, []string{"connector"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "vigil_cloud_api_requests_total",
			Help: "Cloud API requests of scans by connector, service and result (ok, throttled, error)."}, []string{"connector", "service", "result"}),
	}
	t.reg.MustRegister(t.requests, t.latency, t.scans, t.scanSeconds, t.apiCalls,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		&storeCollector{src: src}, notifyCollector(src.Notifications))
	return t
}

// Handler serves the metrics in Prometheus' text format.
func (t *Telemetry) Handler() http.Handler {
	return promhttp.HandlerFor(t.reg, promhttp.HandlerOpts{ErrorLog: nil, ErrorHandling: promhttp.ContinueOnError})
}

// Registry is the registry, for tests and for adding collectors.
func (t *Telemetry) Registry() *prometheus.Registry { return t.reg }

// Observe counts an HTTP request (server.Options.Observe). Requests no
// route matched count under route "none".
func (t *Telemetry) Observe(pattern string, status int, d time.Duration) {
	if pattern == "" {
		pattern = "none"
	}
	t.requests.WithLabelValues(pattern, strconv.Itoa(status)).Inc()
	t.latency.WithLabelValues(pattern).Observe(d.Seconds())
}

// Scanned counts a scan attempt of a connector, with the cloud API
// calls it made (nil for other sources).
func (t *Telemetry) Scanned(connector string, err error, d time.Duration, health []model.ServiceHealth) {
	outcome := "success"
	if err != nil {
		outcome = "failure"
	}
	t.scans.WithLabelValues(connector, outcome).Inc()
	t.scanSeconds.WithLabelValues(connector).Observe(d.Seconds())
	for _, h := range health {
		ok := h.Calls - h.Throttled - h.Errors
		if ok < 0 {
			ok = 0
		}
		t.apiCalls.WithLabelValues(connector, h.Service, "ok").Add(float64(ok))
		t.apiCalls.WithLabelValues(connector, h.Service, "throttled").Add(float64(h.Throttled))
		t.apiCalls.WithLabelValues(connector, h.Service, "error").Add(float64(h.Errors))
	}
}

var notifyDesc = prometheus.NewDesc("vigil_notifications_total",
	"Notification and ticket deliveries by channel kind and outcome: sent, failed (for good), retried (attempts).",
	[]string{"kind", "outcome"}, nil)

// notifyCollector reads the notifier's counts on scrape.
type notifyCollector func() []notify.Count

func (c notifyCollector) Describe(ch chan<- *prometheus.Desc) { ch <- notifyDesc }

func (c notifyCollector) Collect(ch chan<- prometheus.Metric) {
	if c == nil {
		return
	}
	for _, n := range c() {
		ch <- prometheus.MustNewConstMetric(notifyDesc, prometheus.CounterValue, float64(n.Sent), n.Kind, "sent")
		ch <- prometheus.MustNewConstMetric(notifyDesc, prometheus.CounterValue, float64(n.Failed), n.Kind, "failed")
		ch <- prometheus.MustNewConstMetric(notifyDesc, prometheus.CounterValue, float64(n.Retries), n.Kind, "retried")
	}
}

// storeCollector reads the SLIs, open findings and connector health on
// scrape, at most once per CacheFor.
type storeCollector struct {
	src Sources

	mu      sync.Mutex
	at      time.Time
	metrics []prometheus.Metric
}

var (
	sliDesc = prometheus.NewDesc("vigil_sli", "Service level indicators of `vigil report metrics` over the window (percent or seconds, see unit).",
		[]string{"id", "name", "unit"}, nil)
	openDesc = prometheus.NewDesc("vigil_findings_open", "Open findings (not excepted, resolved or marked false positive) by severity.",
		[]string{"severity"}, nil)
	successDesc = prometheus.NewDesc("vigil_connector_last_success_timestamp_seconds", "When a connector's last successful scan ended (Unix time; 0: never).",
		[]string{"connector"}, nil)
	failuresDesc = prometheus.NewDesc("vigil_connector_consecutive_failures", "Failed scan runs of a connector since its last success.",
		[]string{"connector"}, nil)
	failingDesc = prometheus.NewDesc("vigil_connector_failing", "1 when a connector has failed enough runs in a row to alert on.",
		[]string{"connector"}, nil)
)

func (c *storeCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{sliDesc, openDesc, successDesc, failuresDesc, failingDesc} {
		ch <- d
	}
}

func (c *storeCollector) Collect(ch chan<- prometheus.Metric) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.src.Now()
	if c.metrics == nil || now.Sub(c.at) >= c.src.CacheFor {
		c.metrics, c.at = c.read(now), now
	}
	for _, m := range c.metrics {
		ch <- m
	}
}

func (c *storeCollector) read(now time.Time) []prometheus.Metric {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out []prometheus.Metric
	rep, err := metrics.Compute(ctx, metrics.Request{Store: c.src.Store, Rules: c.src.Rules, Expected: c.src.Expected, Now: now, Window: c.src.Window})
	if err != nil {
		c.src.Log.Warn("metrics: the SLIs could not be computed", "err", err)
	} else {
		for _, m := range rep.Metrics {
			if m.Value != nil {
				out = append(out, prometheus.MustNewConstMetric(sliDesc, prometheus.GaugeValue, *m.Value, m.ID, m.Name, m.Unit))
			}
		}
	}
	open := map[string]int{}
	for _, s := range model.Severities() {
		open[s.String()] = 0
	}
	if fs, err := c.src.Store.Findings(ctx, store.Query{Status: model.StatusOpen}); err != nil {
		c.src.Log.Warn("metrics: open findings could not be read", "err", err)
	} else {
		for _, f := range fs {
			open[f.Severity.String()]++
		}
		for sev, n := range open {
			out = append(out, prometheus.MustNewConstMetric(openDesc, prometheus.GaugeValue, float64(n), sev))
		}
	}
	if c.src.Health != nil {
		hs, err := c.src.Health(ctx)
		if err != nil {
			c.src.Log.Warn("metrics: connector health could not be read", "err", err)
		}
		for _, h := range hs {
			last := 0.0
			if !h.LastSuccess.IsZero() {
				last = float64(h.LastSuccess.Unix())
			}
			failing := 0.0
			if h.Failing {
				failing = 1
			}
			out = append(out,
				prometheus.MustNewConstMetric(successDesc, prometheus.GaugeValue, last, h.Connector),
				prometheus.MustNewConstMetric(failuresDesc, prometheus.GaugeValue, float64(h.ConsecutiveFailures), h.Connector),
				prometheus.MustNewConstMetric(failingDesc, prometheus.GaugeValue, failing, h.Connector))
		}
	}
	return out
}
