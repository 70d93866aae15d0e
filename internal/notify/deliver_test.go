package notify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

var pageAll = []config.Route{{Action: config.ActionPage, Channel: "oncall"}}

// TestPagerDutyPageAndResolve: a page triggers an alert keyed by the
// finding's fingerprint, with the finding's severity, and the fix
// resolves that alert.
func TestPagerDutyPageAndResolve(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		pd := newPagerDuty(t)
		n := newNotifier(t, st, pageAll, nil, &notify.Destination{Name: "oncall", Kind: "pagerduty", Sender: notify.NewPagerDuty(pd.key, pd.url(), nil)})
		f := withOwner(finding("aws-s3-public", "111111111111", "logs", model.SeverityHigh), "payments")
		scan(t, n, f)
		pd.check(t)
		if len(pd.events) != 1 {
			t.Fatalf("%d events, want 1", len(pd.events))
		}
		ev := pd.events[0]
		p := ev["payload"].(map[string]any)
		if ev["event_action"] != "trigger" || ev["dedup_key"] != f.Fingerprint || p["severity"] != "error" || p["source"] != "111111111111" || p["group"] != "payments" || p["class"] != "aws-s3-public" {
			t.Errorf("trigger %v, want keyed by fingerprint, severity error (high), source the account", ev)
		}
		if links, _ := ev["links"].([]any); len(links) != 1 || !strings.Contains(links[0].(map[string]any)["href"].(string), "https://vigil.example.com/findings/"+f.Fingerprint) {
			t.Errorf("links %v, want the finding's page", ev["links"])
		}
		if pd.alerts[f.Fingerprint] != "triggered" {
			t.Fatalf("alert %q, want triggered", pd.alerts[f.Fingerprint])
		}
		scan(t, n, withStatus(f, model.StatusResolved))
		pd.check(t)
		if pd.alerts[f.Fingerprint] != "resolved" || len(pd.events) != 2 || pd.events[1]["payload"] != nil {
			t.Errorf("after the fix: alert %q, events %v; want one resolve event without payload", pd.alerts[f.Fingerprint], pd.events)
		}
	})
}

// TestRetryAfterDoesNotBlockOtherChannels: a 429 with Retry-After is
// retried no sooner than asked, while another channel delivers at once;
// the log shows the retry.
func TestRetryAfterDoesNotBlockOtherChannels(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		slow, fast := newSlack(t), newSlack(t)
		slow.script = []reply{{code: 429, retryAfter: "1", body: "rate_limited"}, {code: 503, body: "busy"}}
		var mu sync.Mutex
		var hits []time.Time
		slow.srv.Config.Handler = stamp(slow.srv.Config.Handler, &mu, &hits)
		routes := []config.Route{
			{Match: config.RouteMatch{Rules: []string{"slow-*"}}, Action: config.ActionPage, Channel: "slow"},
			{Action: config.ActionPage, Channel: "fast"},
		}
		n := newNotifier(t, st, routes, nil,
			&notify.Destination{Name: "slow", Kind: "slack", Sender: notify.NewSlack(slow.url(), nil)},
			&notify.Destination{Name: "fast", Kind: "slack", Sender: notify.NewSlack(fast.url(), nil)})
		start := time.Now()
		if _, err := n.Scan(context.Background(), notify.Event{Findings: []model.Finding{
			finding("slow-rule", "1", "a", model.SeverityHigh), finding("fast-rule", "1", "b", model.SeverityHigh),
		}}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(900 * time.Millisecond)
		for len(fast.messages()) == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		if len(fast.messages()) != 1 {
			t.Fatalf("the fast channel waited for the slow one's retry")
		}
		if err := n.Wait(context.Background()); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(hits) != 3 || len(slow.messages()) != 1 {
			t.Fatalf("slow channel: %d attempts, %d delivered; want 3 attempts (429, 503, ok), 1 delivered", len(hits), len(slow.messages()))
		}
		if gap := hits[1].Sub(hits[0]); gap < 950*time.Millisecond {
			t.Errorf("retried %v after a 429 with Retry-After: 1, want at least 1s", gap)
		}
		if gap := hits[2].Sub(hits[1]); gap < 35*time.Millisecond {
			t.Errorf("second retry after %v, want the doubled backoff (40ms)", gap)
		}
		_ = start
		d := deliveries(t, st, store.DeliveryQuery{Channel: "slow"})[0]
		if d.Status != store.DeliverySent || d.Attempts != 3 || d.LastError != "" {
			t.Errorf("slow delivery %+v, want sent after 3 attempts", d)
		}
		counts := n.Counts()
		if len(counts) != 1 || counts[0] != (notify.Count{Kind: "slack", Sent: 2, Retries: 2}) {
			t.Errorf("counts %+v, want slack sent 2, retries 2", counts)
		}
	})
}

// stamp records when h is called.
func stamp(h http.Handler, mu *sync.Mutex, at *[]time.Time) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		*at = append(*at, time.Now())
		mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

// TestRateLimit: a channel limited to 2 a second sends the third
// message a second after the first.
func TestRateLimit(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		s := newSlack(t)
		var mu sync.Mutex
		var hits []time.Time
		s.srv.Config.Handler = stamp(s.srv.Config.Handler, &mu, &hits)
		n := newNotifier(t, st, pageAll, nil, &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(s.url(), nil),
			Limit: &config.RateLimit{Count: 2, Per: config.Duration(time.Second)}})
		scan(t, n, finding("r", "1", "a", model.SeverityHigh), finding("r", "1", "b", model.SeverityHigh), finding("r", "1", "c", model.SeverityHigh))
		mu.Lock()
		defer mu.Unlock()
		if len(hits) != 3 {
			t.Fatalf("%d messages, want 3", len(hits))
		}
		if gap := hits[1].Sub(hits[0]); gap > 500*time.Millisecond {
			t.Errorf("second message waited %v, want none (2 a second)", gap)
		}
		if gap := hits[2].Sub(hits[0]); gap < 950*time.Millisecond {
			t.Errorf("third message %v after the first, want at least 1s", gap)
		}
	})
}

// TestFailuresAreLoggedWithoutSecrets: a Slack webhook that keeps
// failing, and one that cannot be reached, end as failed deliveries with
// the reason; neither the delivery log nor the service log holds the
// webhook URL's secret, and the failure counts.
func TestFailuresAreLoggedWithoutSecrets(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		s := newSlack(t)
		s.script = []reply{{code: 500, body: "oops " + s.path}, {code: 502}, {code: 503}}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		dead := "http://" + l.Addr().String() + "/services/T0001/B0001/s3cr3tDeadToken"
		l.Close()
		var logs bytes.Buffer
		routes := []config.Route{{Match: config.RouteMatch{Rules: []string{"a"}}, Action: config.ActionPage, Channel: "slack"}, {Action: config.ActionPage, Channel: "dead"}}
		n, err := notify.New(notify.Options{Store: st, Routes: routes, Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), Backoff: 10 * time.Millisecond, MaxAttempts: 3,
			Destinations: []*notify.Destination{
				{Name: "slack", Kind: "slack", Sender: notify.NewSlack(s.url(), nil), Secrets: []string{s.url()}},
				{Name: "dead", Kind: "slack", Sender: notify.NewSlack(dead, nil), Secrets: []string{dead}},
			}})
		if err != nil {
			t.Fatal(err)
		}
		defer n.Close(context.Background())
		scan(t, n, finding("a", "1", "x", model.SeverityHigh), finding("b", "1", "y", model.SeverityHigh))
		ds := deliveries(t, st, store.DeliveryQuery{})
		if len(ds) != 2 {
			t.Fatalf("%d deliveries, want 2", len(ds))
		}
		for _, d := range ds {
			if d.Status != store.DeliveryFailed || d.Attempts != 3 || d.LastError == "" {
				t.Errorf("delivery %+v, want failed after 3 attempts with the reason", d)
			}
			for _, secret := range []string{"s3cr3tSlackToken", "s3cr3tDeadToken"} {
				if strings.Contains(d.LastError, secret) {
					t.Errorf("delivery log error %q shows a secret", d.LastError)
				}
			}
		}
		if !strings.Contains(ds[0].LastError+ds[1].LastError, "503 Service Unavailable") || !strings.Contains(ds[0].LastError+ds[1].LastError, "connection refused") {
			t.Errorf("errors %q and %q, want the 503 and the refused connection", ds[0].LastError, ds[1].LastError)
		}
		out := logs.String()
		if !strings.Contains(out, "notification failed") || strings.Contains(out, "s3cr3t") {
			t.Errorf("service log shows a secret or no failure:\n%s", out)
		}
		if c := n.Counts(); len(c) != 1 || c[0].Failed != 2 || c[0].Retries != 4 {
			t.Errorf("counts %+v, want slack failed 2, retries 4", c)
		}
	})
}

// TestDigestByOwner: low findings wait in the digest until the oldest
// has waited digest_every, then each owner gets one message with its own
// findings.
func TestDigestByOwner(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		s := newSlack(t)
		clk := &clock{t: day0}
		routes := []config.Route{{Action: config.ActionDigest, Channel: "digest", DigestEvery: config.Duration(time.Hour)}}
		n := newNotifier(t, st, routes, clk.Now, &notify.Destination{Name: "digest", Kind: "slack", Sender: notify.NewSlack(s.url(), nil)})
		pay1 := withOwner(finding("r1", "1", "pay-a", model.SeverityLow), "payments")
		pay2 := withOwner(finding("r2", "1", "pay-b", model.SeverityLow), "payments")
		web := withOwner(finding("r1", "1", "web-a", model.SeverityLow), "web")
		if res := scan(t, n, pay1, web); res.Digests != 2 {
			t.Fatalf("queued %d digest lines, want 2", res.Digests)
		}
		clk.Add(30 * time.Minute)
		scan(t, n, pay1, web, pay2)
		if got := len(s.messages()); got != 0 {
			t.Fatalf("%d digests sent before an hour passed, want 0", got)
		}
		clk.Add(31 * time.Minute)
		if err := n.FlushDigests(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := n.FlushDigests(context.Background()); err != nil { // a second flush sends nothing more
			t.Fatal(err)
		}
		n.Wait(context.Background())
		msgs := s.messages()
		if len(msgs) != 2 {
			t.Fatalf("%d digests, want one per owner (2)", len(msgs))
		}
		var pay, w string
		for _, m := range msgs {
			switch {
			case strings.Contains(m.Text, "for payments"):
				pay = m.Blocks[1].Text.Text
			case strings.Contains(m.Text, "for web"):
				w = m.Blocks[1].Text.Text
			}
		}
		if !strings.Contains(pay, "pay-a") || !strings.Contains(pay, "pay-b") || strings.Contains(pay, "web-a") {
			t.Errorf("payments digest %q, want its two findings only", pay)
		}
		if !strings.Contains(w, "web-a") || strings.Contains(w, "pay-") {
			t.Errorf("web digest %q, want its finding only", w)
		}
		if p := deliveries(t, st, store.DeliveryQuery{Status: store.DeliveryPending}); len(p) != 0 {
			t.Errorf("%d digest lines still pending", len(p))
		}
		s.check(t)
	})
}

// TestWebhookSignedAndSchema: webhook posts are signed over the
// timestamp and body, and every kind of message is valid under the
// published schema.
func TestWebhookSignedAndSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(notify.WebhookSchema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("webhook.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("webhook.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	secret := "whsec-0123456789"
	var mu sync.Mutex
	var bodies [][]byte
	var bad []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		ts := r.Header.Get(notify.HeaderTimestamp)
		if got, want := r.Header.Get(notify.HeaderSignature), notify.Sign([]byte(secret), ts, body); got != want || ts == "" {
			bad = append(bad, "bad signature "+got)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.Header.Get(notify.HeaderDelivery) == "" || !strings.HasPrefix(r.Header.Get(notify.HeaderEvent), "finding.") && !strings.HasPrefix(r.Header.Get(notify.HeaderEvent), "digest.") && !strings.HasPrefix(r.Header.Get(notify.HeaderEvent), "escalation.") && !strings.HasPrefix(r.Header.Get(notify.HeaderEvent), "connector.") {
			bad = append(bad, "missing delivery or event header")
		}
		bodies = append(bodies, body)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	each(t, func(t *testing.T, st store.Store) {
		mu.Lock()
		bodies = nil
		mu.Unlock()
		clk := &clock{t: day0}
		routes := []config.Route{
			{Match: config.RouteMatch{MinSeverity: model.SeverityHigh}, Action: config.ActionPage, Channel: "hook"},
			{Action: config.ActionDigest, Channel: "hook", DigestEvery: config.Duration(time.Hour)},
		}
		n := newNotifier(t, st, routes, clk.Now, &notify.Destination{Name: "hook", Kind: "webhook", Sender: notify.NewWebhook(srv.URL, secret, nil)})
		f := finding("aws-s3-public", "1", "a", model.SeverityCritical)
		f.Risk = &model.Risk{Score: 90, Factors: []model.RiskFactor{{Name: "exposure", Points: 40}}}
		f.Members = []string{"m1", "m2"}
		scan(t, n, withOwner(f, "payments"), finding("r", "1", "low", model.SeverityLow))
		clk.Add(2 * time.Hour)
		scan(t, n, withStatus(f, model.StatusResolved))
		// A connector failing (told once however often it is checked),
		// then recovering.
		ctx := context.Background()
		alert := notify.ConnectorAlert{Name: "prod-aws", ConsecutiveFailures: 3, LastError: "AccessDenied"}
		for _, failing := range []bool{true, true, false, false} {
			if _, err := n.Connector(ctx, alert, failing); err != nil {
				t.Fatal(err)
			}
		}
		if err := n.Wait(ctx); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		defer mu.Unlock()
		if len(bad) > 0 {
			t.Fatalf("receiver refused: %v", bad)
		}
		if len(bodies) != 5 {
			t.Fatalf("%d posts, want 5 (page, digest, resolve, connector failing, recovered)", len(bodies))
		}
		kinds := map[string]bool{}
		for _, b := range bodies {
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil {
				t.Errorf("payload %s does not match the schema: %v", b, err)
			}
			var m notify.Message
			json.Unmarshal(b, &m)
			kinds[m.Kind+"."+m.Change] = true
		}
		if !kinds["finding.opened"] || !kinds["digest.digest"] || !kinds["finding.resolved"] || !kinds["connector.failing"] || !kinds["connector.recovered"] {
			t.Errorf("payload kinds %v", kinds)
		}
	})
	// An escalation message, a baseline and a broken one, against the
	// schema.
	esc, _ := json.Marshal(notify.Message{SchemaVersion: 1, Kind: notify.KindEscalation, Action: "page", Change: notify.ChangeEscalation, Channel: "hook", At: day0, Delivery: 3, Escalation: &notify.Escalation{Last24h: 9, DailyAverage: 1.5}})
	base, _ := json.Marshal(notify.Message{SchemaVersion: 1, Kind: notify.KindBaseline, Action: notify.ChangeBaseline, Change: notify.ChangeBaseline, Channel: "hook", At: day0, Delivery: 4, Baseline: &notify.Baseline{Scope: "aws:1", Pages: 2}})
	for _, tc := range []struct {
		body  []byte
		valid bool
	}{
		{esc, true},
		{base, true},
		{[]byte(`{"schema_version":1,"kind":"finding","action":"page","change":"opened","channel":"hook","at":"2026-12-07T09:00:00Z","delivery":1}`), false},
		{bytes.Replace(esc, []byte(`"last_24h":9`), []byte(`"last_24h":"9"`), 1), false},
	} {
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(tc.body))
		if err := schema.Validate(v); (err == nil) != tc.valid {
			t.Errorf("%s: valid=%v, want %v (%v)", tc.body, err == nil, tc.valid, err)
		}
	}
}

// TestLocalSink: the demo's sink delivers to the delivery log only,
// as kind local, pages and tickets alike.
func TestLocalSink(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		routes := []config.Route{
			{Match: config.RouteMatch{MinSeverity: model.SeverityHigh}, Action: config.ActionPage, Channel: "demo"},
			{Action: config.ActionTicket, Channel: "demo"},
		}
		n := newNotifier(t, st, routes, nil, notify.Local("demo"))
		med := finding("r", "1", "m", model.SeverityMedium)
		scan(t, n, finding("r", "1", "h", model.SeverityHigh), med)
		scan(t, n, withStatus(med, model.StatusResolved))
		ds := deliveries(t, st, store.DeliveryQuery{Channel: "demo"})
		if len(ds) != 3 {
			t.Fatalf("%d deliveries, want 3", len(ds))
		}
		for _, d := range ds {
			if d.Kind != notify.KindLocal || d.Status != store.DeliverySent {
				t.Errorf("delivery %+v, want local and sent", d)
			}
		}
		states, _ := st.NotifyStates(context.Background(), "demo")
		tickets := 0
		for _, s := range states {
			if strings.HasPrefix(s.Ticket, "LOCAL-") {
				tickets++
			}
		}
		if tickets != 1 {
			t.Errorf("%d local tickets, want 1 (the medium finding)", tickets)
		}
	})
}

// TestSlackEscapes: text from a finding cannot mention a channel or
// make a link in Slack, and long text is cut to Slack's limits.
func TestSlackEscapes(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		s := newSlack(t)
		n := newNotifier(t, st, pageAll, nil, &notify.Destination{Name: "oncall", Kind: "slack", Sender: notify.NewSlack(s.url(), nil)})
		f := finding("r", "1", "a", model.SeverityHigh)
		f.Title = "<!channel> look at <https://evil.example|this> & " + strings.Repeat("x", 200)
		f.Message = strings.Repeat("long evidence ", 400)
		scan(t, n, f)
		s.check(t)
		msgs := s.messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages, want 1", len(msgs))
		}
		m := msgs[0]
		for _, text := range []string{m.Text, m.Blocks[1].Text.Text} {
			if strings.Contains(text, "<!channel>") || strings.Contains(text, "<https://") || !strings.Contains(text, "&lt;!channel&gt;") || !strings.Contains(text, "&amp;") {
				t.Errorf("unescaped mrkdwn: %.120q", text)
			}
		}
		if n := len([]rune(m.Blocks[0].Text.Text)); n != 150 {
			t.Errorf("header of %d characters, want cut to 150", n)
		}
		if n := len([]rune(m.Blocks[1].Text.Text)); n != 3000 {
			t.Errorf("section of %d characters, want cut to 3000", n)
		}
	})
}

// TestConnectorRecoveryOnlyAfterFailure: a connector that never failed
// is not announced as recovered.
func TestConnectorRecoveryOnlyAfterFailure(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		routes := []config.Route{{Action: config.ActionPage, Channel: "demo"}}
		n := newNotifier(t, st, routes, nil, notify.Local("demo"))
		ctx := context.Background()
		for range 2 {
			if sent, err := n.Connector(ctx, notify.ConnectorAlert{Name: "k8s"}, false); err != nil || sent != 0 {
				t.Fatalf("healthy connector: sent %d, %v", sent, err)
			}
		}
		if sent, _ := n.Connector(ctx, notify.ConnectorAlert{Name: "k8s", ConsecutiveFailures: 3}, true); sent != 1 {
			t.Fatalf("failing connector: sent %d", sent)
		}
		if sent, _ := n.Connector(ctx, notify.ConnectorAlert{Name: "k8s"}, false); sent != 1 {
			t.Fatalf("recovered connector: sent %d", sent)
		}
	})
}
