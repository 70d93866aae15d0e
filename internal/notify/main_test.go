package notify_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/pgtest"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.StopShared()
	if code == 0 {
		// Every notifier's channel goroutines end with Close.
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// backends open a fresh, empty store of each kind.
var backends = []struct {
	name string
	open func(t *testing.T) store.Store
}{
	{"sqlite", func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
	{"postgres", func(t *testing.T) store.Store {
		s, err := postgres.Open(context.Background(), pgtest.Database(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

// each runs test against a fresh store of every backend.
func each(t *testing.T, test func(t *testing.T, st store.Store)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { test(t, b.open(t)) })
	}
}

// clock is a settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var day0 = time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)

// newNotifier starts a notifier over st and closes it at the end.
func newNotifier(t *testing.T, st store.Store, routes []config.Route, now func() time.Time, dests ...*notify.Destination) *notify.Notifier {
	t.Helper()
	n, err := notify.New(notify.Options{Store: st, Routes: routes, Destinations: dests, Now: now, Backoff: 20 * time.Millisecond, MaxBackoff: 2 * time.Second, MaxAttempts: 3, PublicURL: "https://vigil.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		n.Close(ctx)
	})
	return n
}

// scan passes findings to n and waits for the deliveries.
func scan(t *testing.T, n *notify.Notifier, fs ...model.Finding) notify.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := n.Scan(ctx, notify.Event{ScanID: "s", Findings: fs})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	return res
}

// finding is an open finding of rule on an AWS resource of account.
func finding(rule, account, name string, sev model.Severity) model.Finding {
	r := &model.Resource{ID: "arn:aws:s3:::" + name, Type: "aws.s3.bucket", Provider: "aws", Account: account, Region: "eu-west-1", Name: name}
	return model.Finding{Fingerprint: model.Fingerprint(rule, r.ID), RuleID: rule, Title: rule + " title", Severity: sev, Status: model.StatusOpen,
		Message: rule + " fails on " + name, Remediation: "fix it", Resource: r, FirstSeen: day0, LastSeen: day0,
		Compliance: []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "2.1.1"}}}
}

func withOwner(f model.Finding, o string) model.Finding {
	f.Triage = &model.Triage{Owner: o}
	return f
}

func withStatus(f model.Finding, status string) model.Finding {
	f.Status = status
	return f
}

func deliveries(t *testing.T, st store.Store, q store.DeliveryQuery) []store.Delivery {
	t.Helper()
	ds, err := st.Deliveries(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
