package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Store is what the notifier keeps and reads in the store: its own
// state and log, and the findings it resumes sending about.
type Store interface {
	store.Notifications
	Findings(ctx context.Context, q store.Query) ([]model.Finding, error)
}

var _ Store = store.Store(nil)

// Options configure a Notifier.
type Options struct {
	Store Store
	// Routes decide, first match wins, what happens to a finding.
	Routes []config.Route
	// Destinations are the channels the routes name.
	Destinations []*Destination
	// Log receives failures and retries (nil: discarded).
	Log *slog.Logger
	// PublicURL is where users reach the service, for links.
	PublicURL string
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// MaxAttempts bounds the attempts of one delivery (default 5).
	MaxAttempts int
	// Backoff is the wait before the first retry, doubled for each
	// later one (default 2 s), up to MaxBackoff (default 5 min); a
	// Retry-After the vendor sends replaces it, bounded by MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// Lease is how long the store counts this notifier alive after each
	// renewal (default 2 min; renewed every quarter of it): deliveries
	// it holds past a lapsed lease are another notifier's to send.
	Lease time.Duration
}

// Notifier routes finding changes to channels. Its methods are safe for
// concurrent use.
type Notifier struct {
	opts    Options
	log     *slog.Logger
	workers map[string]*worker
	ctx     context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	busy    atomic.Int64
	closed  atomic.Bool

	mu       sync.Mutex
	counts   map[string]*Count
	flushing map[int64]bool // digest deliveries queued to send
	// baselines are the findings first scans held back, by scope and
	// channel, until Baseline sends their summaries.
	baselines map[string]map[string]*Baseline
	// holder names this notifier in the store's delivery log.
	holder string
}

// Count is what one channel kind delivered: messages sent, messages
// that failed for good, and attempts that were retried.
type Count struct {
	Kind    string `json:"kind"`
	Sent    int64  `json:"sent"`
	Failed  int64  `json:"failed"`
	Retries int64  `json:"retries"`
}

// New checks that every route names a destination able to carry its
// action, and starts one sending goroutine per destination.
func New(opts Options) (*Notifier, error) {
	if opts.Store == nil {
		return nil, errors.New("notify: no store")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 5
	}
	if opts.Backoff <= 0 {
		opts.Backoff = 2 * time.Second
	}
	if opts.MaxBackoff <= 0 {
		opts.MaxBackoff = 5 * time.Minute
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n := &Notifier{opts: opts, log: log, workers: map[string]*worker{}, counts: map[string]*Count{}, flushing: map[int64]bool{}, baselines: map[string]map[string]*Baseline{}}
	for _, d := range opts.Destinations {
		if _, dup := n.workers[d.Name]; dup {
			return nil, fmt.Errorf("notify: two channels named %q", d.Name)
		}
		w := &worker{dest: d, wake: make(chan struct{}, 1), tickets: map[string]string{}}
		if d.Limit != nil {
			w.lim = &limiter{count: d.Limit.Count, per: time.Duration(d.Limit.Per)}
		}
		n.workers[d.Name] = w
	}
	for i, r := range opts.Routes {
		w, ok := n.workers[r.Channel]
		if !ok {
			return nil, fmt.Errorf("notify: route %d sends to channel %q, which is not configured: add it under serve.channels", i+1, r.Channel)
		}
		if !w.dest.can(r.Action) {
			return nil, fmt.Errorf("notify: route %d: channel %q (%s) cannot %s", i+1, r.Channel, w.dest.Kind, r.Action)
		}
	}
	n.holder = holderName()
	n.ctx, n.cancel = context.WithCancel(context.Background())
	// The lease is taken before any delivery is logged, so none is ever
	// held by a notifier the store does not know alive.
	if err := n.keepAlive(n.ctx); err != nil {
		n.cancel()
		return nil, err
	}
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		n.renew()
	}()
	for _, w := range n.workers {
		n.wg.Add(1)
		go func() {
			defer n.wg.Done()
			n.run(w)
		}()
	}
	return n, nil
}

// holderName names a notifier: host, process and a random part, so a
// restarted process on the same host is a new holder.
func holderName() string {
	host, _ := os.Hostname()
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

func (n *Notifier) keepAlive(ctx context.Context) error {
	return n.opts.Store.KeepNotifier(ctx, n.holder, n.opts.Now().Add(n.opts.Lease))
}

// renew keeps the lease until the notifier closes; a failed renewal is
// logged and tried again at the next tick.
func (n *Notifier) renew() {
	t := time.NewTicker(n.opts.Lease / 4)
	defer t.Stop()
	for {
		select {
		case <-n.ctx.Done():
			return
		case <-t.C:
			if err := n.keepAlive(n.ctx); err != nil && n.ctx.Err() == nil {
				n.log.Error("renew the notifier's lease", "holder", n.holder, "err", err)
			}
		}
	}
}

// errClosed is returned by a Notifier's methods after Close.
var errClosed = errors.New("notify: the notifier is closed")

// Event is one stored scan, as the notifier needs it.
type Event struct {
	ScanID string
	// Findings are the findings the scan stored and those it resolved,
	// judged (exceptions, false-positive marks, owners: triage.Apply).
	// Findings that did not change since their channel was last told
	// are passed over, so passing every finding of the scan is right.
	Findings []model.Finding
	// Baseline, when set, names the scope whose first scan this is:
	// its open findings are recorded as told without being announced,
	// and counted for the summary Notifier.Baseline sends at the end.
	Baseline string
}

// Result is what Scan queued.
type Result struct {
	Pages, Tickets, Digests, Escalations int
}

// Scan tells each finding's channel (by the first matching route) of
// the finding's state if it was not told it yet, then sends an
// escalation if one is due and the digests that are due. Deliveries are
// queued to their channels' goroutines: Scan does not wait for them.
func (n *Notifier) Scan(ctx context.Context, ev Event) (Result, error) {
	var res Result
	if n.closed.Load() {
		return res, errClosed
	}
	now := n.opts.Now()
	for i := range ev.Findings {
		f := &ev.Findings[i]
		if f.Triage != nil && f.Triage.DuplicateOf != "" {
			continue // an IaC finding repeating a live one: the live one is told
		}
		ri := Route(n.opts.Routes, f)
		if ri < 0 {
			continue
		}
		r := &n.opts.Routes[ri]
		prev, claimed, err := n.opts.Store.ClaimNotify(ctx, r.Channel, f.Fingerprint, stateOf(f), now)
		if err != nil {
			return res, err
		}
		if !claimed {
			continue
		}
		change := changeOf(prev.State, f)
		if change == "" {
			continue
		}
		if ev.Baseline != "" && change == ChangeOpened {
			n.hold(ev.Baseline, r.Channel, r.Action)
			continue
		}
		sum := summarize(f, n.opts.PublicURL)
		m := &Message{SchemaVersion: SchemaVersion, Kind: KindFinding, Action: string(r.Action), Change: change, Channel: r.Channel, At: now, Finding: &sum}
		d := n.delivery(r.Channel, f.Fingerprint, string(r.Action), change, sum.Owner, m.Headline(), now)
		switch r.Action {
		case config.ActionDigest:
			if _, err := n.opts.Store.RecordDelivery(ctx, d); err != nil {
				return res, err
			}
			res.Digests++
		case config.ActionTicket:
			if err := n.queue(ctx, r.Channel, d, m, n.ticket(r.Channel, prev.Ticket, m)); err != nil {
				return res, err
			}
			res.Tickets++
		default:
			if err := n.queue(ctx, r.Channel, d, m, n.send(r.Channel, m)); err != nil {
				return res, err
			}
			res.Pages++
		}
	}
	esc, err := n.escalate(ctx, now)
	if err != nil {
		return res, err
	}
	res.Escalations = esc
	return res, n.FlushDigests(ctx)
}

// stateOf is what a channel is told of f: open with its severity and
// risk band (a quarter of the 0–100 scale), or its status.
func stateOf(f *model.Finding) string {
	if f.Status != model.StatusOpen {
		return f.Status
	}
	risk := 0
	if f.Risk != nil {
		risk = f.Risk.Score
	}
	return fmt.Sprintf("open|%s|risk%d", f.Severity, min(risk, 100)/25)
}

// changeOf names the change from the state last told, prev, to f's;
// "" when there is nothing to tell (a finding never told open is not
// told it was resolved).
func changeOf(prev string, f *model.Finding) string {
	wasOpen := strings.HasPrefix(prev, "open|")
	switch {
	case f.Status == model.StatusOpen && prev == "":
		return ChangeOpened
	case f.Status == model.StatusOpen && wasOpen:
		return ChangeChanged
	case f.Status == model.StatusOpen:
		return ChangeReopened
	case !wasOpen:
		return ""
	case f.Status == model.StatusResolved:
		return ChangeResolved
	case f.Status == model.StatusExcepted:
		return ChangeExcepted
	case f.Status == model.StatusFalsePositive:
		return ChangeFalsePositive
	}
	return ""
}

func (n *Notifier) delivery(channel, fp, action, change, owner, summary string, now time.Time) store.Delivery {
	return store.Delivery{Channel: channel, Kind: n.workers[channel].dest.Kind, Fingerprint: fp, Action: action, Change: change,
		Owner: owner, Summary: summary, Status: store.DeliveryPending, CreatedAt: now, UpdatedAt: now, Holder: n.holder}
}

// queue logs d and hands the job to its channel's goroutine.
func (n *Notifier) queue(ctx context.Context, channel string, d store.Delivery, m *Message, run func(context.Context) error) error {
	id, err := n.opts.Store.RecordDelivery(ctx, d)
	if err != nil {
		return err
	}
	d.ID = id
	if m != nil {
		m.Delivery = id
	}
	n.push(channel, job{ds: []store.Delivery{d}, run: run})
	return nil
}

func (n *Notifier) push(channel string, j job) {
	w := n.workers[channel]
	n.busy.Add(1)
	w.mu.Lock()
	w.jobs = append(w.jobs, j)
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// send is the job of a page or a digest.
func (n *Notifier) send(channel string, m *Message) func(context.Context) error {
	s := n.workers[channel].dest.Sender
	return func(ctx context.Context) error { return s.Send(ctx, m) }
}

// ticket is the job of a ticket: open one for a finding without one,
// comment on a change (reopening a ticket closed by hand), close it on a
// fix or an exception. Jobs of one channel run one at a time, so the
// ticket a job opened is known to the next.
func (n *Notifier) ticket(channel, ref string, m *Message) func(context.Context) error {
	w := n.workers[channel]
	t := w.dest.Tracker
	fp := m.Finding.ID
	return func(ctx context.Context) error {
		if r, ok := w.tickets[fp]; ok {
			ref = r
		}
		switch m.Change {
		case ChangeResolved, ChangeExcepted, ChangeFalsePositive:
			if ref == "" {
				return nil
			}
			return t.Close(ctx, ref, m)
		}
		if ref == "" {
			r, err := t.Open(ctx, m)
			if err != nil {
				return err
			}
			w.tickets[fp] = r
			return n.opts.Store.SetTicket(ctx, channel, fp, r)
		}
		open, err := t.IsOpen(ctx, ref)
		if err != nil {
			return err
		}
		if !open {
			return t.Reopen(ctx, ref, m)
		}
		return t.Comment(ctx, ref, m)
	}
}

// Reconcile reopens, with a comment, every ticket closed while the
// finding it tracks is still open: fs are the open findings (judged, as
// for Scan); tickets of other findings are left alone. The checks are
// queued to the tracker channels; Wait waits for them.
func (n *Notifier) Reconcile(ctx context.Context, fs []model.Finding) error {
	if n.closed.Load() {
		return errClosed
	}
	byID := map[string]*model.Finding{}
	for i := range fs {
		if fs[i].Status == model.StatusOpen {
			byID[fs[i].Fingerprint] = &fs[i]
		}
	}
	now := n.opts.Now()
	for name, w := range n.workers {
		if w.dest.Tracker == nil {
			continue
		}
		states, err := n.opts.Store.NotifyStates(ctx, name)
		if err != nil {
			return err
		}
		for _, st := range states {
			f := byID[st.Fingerprint]
			if st.Ticket == "" || f == nil || !strings.HasPrefix(st.State, "open|") {
				continue
			}
			sum := summarize(f, n.opts.PublicURL)
			m := &Message{SchemaVersion: SchemaVersion, Kind: KindFinding, Action: string(config.ActionTicket), Change: ChangeReopened, Channel: name, At: now, Finding: &sum}
			ref, t := st.Ticket, w.dest.Tracker
			run := func(ctx context.Context) error {
				open, err := t.IsOpen(ctx, ref)
				switch {
				case err != nil:
					return err
				case open:
					return errNothingToDo
				}
				return t.Reopen(ctx, ref, m)
			}
			// Logged only when the ticket was found closed: checks that
			// find it open leave no trace.
			d := n.delivery(name, f.Fingerprint, string(config.ActionTicket), ChangeReopened, sum.Owner, "ticket "+ref+" was closed while the finding is open: "+m.Headline(), now)
			n.push(name, job{lazy: &d, run: run})
		}
	}
	return nil
}

// Wait returns when every queued delivery was sent or failed for good,
// or ctx ends.
func (n *Notifier) Wait(ctx context.Context) error {
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for n.busy.Load() > 0 {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

// Close stops taking events, waits (bounded by ctx) for queued
// deliveries, then stops the channel goroutines. What they still held
// is left in the delivery log for the next notifier: a finding's page
// or ticket as interrupted (Resume sends it), a digest's changes as
// pending (the next digest carries them); an escalation or connector
// alert, which is about the moment, as failed, saying why.
func (n *Notifier) Close(ctx context.Context) error {
	n.closed.Store(true)
	err := n.Wait(ctx)
	n.cancel()
	n.wg.Wait()
	ctx = context.WithoutCancel(ctx)
	now := n.opts.Now()
	for _, w := range n.workers {
		for _, j := range append(w.dropped, w.jobs...) {
			for _, d := range j.ds {
				d.UpdatedAt = now
				switch {
				case d.Action == string(config.ActionDigest):
					d.Status = store.DeliveryPending
				case d.Fingerprint != "":
					d.Status, d.LastError = store.DeliveryInterrupted, "the service stopped before sending it; sent again when it starts"
				default:
					d.Status, d.LastError = store.DeliveryFailed, "the service stopped before sending it"
				}
				if uerr := n.opts.Store.UpdateDelivery(ctx, d); uerr != nil {
					err = errors.Join(err, uerr)
				}
			}
		}
		w.dropped, w.jobs = nil, nil
	}
	if derr := n.opts.Store.DropNotifier(ctx, n.holder); derr != nil {
		err = errors.Join(err, derr)
	}
	return err
}

// Resume sends what notifiers that stopped left unsent: the pages and
// tickets a notifier left interrupted in the delivery log (Close), and
// every delivery still to send held by a notifier whose lease lapsed (a
// process killed without a shutdown). Each is claimed (of two notifiers
// on one store, one sends it): a page or ticket is queued again with
// its finding as now stored (a finding no longer stored fails it); a
// digest line goes back to pending for the next digest; an escalation
// or connector alert, which was about its moment, is marked failed.
// The service calls it at start, after a reload and on every
// housekeeping tick. It returns how many it queued.
func (n *Notifier) Resume(ctx context.Context) (int, error) {
	if n.closed.Load() {
		return 0, errClosed
	}
	names := make([]string, 0, len(n.workers))
	for name := range n.workers {
		names = append(names, name)
	}
	slices.Sort(names)
	queued := 0
	for _, name := range names {
		ds, err := n.opts.Store.ClaimDeliveries(ctx, name, n.holder, store.DeliveryInterrupted, store.DeliveryPending, n.opts.Now())
		if err != nil {
			return queued, err
		}
		orphans, err := n.opts.Store.ClaimOrphans(ctx, name, n.holder, n.opts.Now())
		if err != nil {
			return queued, err
		}
		if len(orphans) > 0 {
			n.log.Warn("deliveries a stopped notifier held are taken over", "channel", name, "count", len(orphans))
		}
		for _, d := range orphans {
			switch {
			case d.Action == string(config.ActionDigest):
				n.record([]store.Delivery{d}, store.DeliveryPending, d.Attempts, d.LastError)
			case d.Fingerprint == "":
				n.record([]store.Delivery{d}, store.DeliveryFailed, d.Attempts, "the service holding it stopped without a shutdown")
			default:
				ds = append(ds, d)
			}
		}
		q, err := n.requeue(ctx, name, ds)
		queued += q
		if err != nil {
			return queued, err
		}
	}
	return queued, nil
}

// requeue queues claimed page and ticket deliveries of channel name
// again, each with its finding as now stored.
func (n *Notifier) requeue(ctx context.Context, name string, ds []store.Delivery) (int, error) {
	queued := 0
	var tickets map[string]string
	for _, d := range ds {
		fs, err := n.opts.Store.Findings(ctx, store.Query{IDPrefix: d.Fingerprint, Limit: 1})
		if err != nil {
			return queued, err
		}
		if len(fs) == 0 || fs[0].Fingerprint != d.Fingerprint {
			n.record([]store.Delivery{d}, store.DeliveryFailed, d.Attempts, "the finding is no longer stored")
			continue
		}
		sum := summarize(&fs[0], n.opts.PublicURL)
		sum.Owner = d.Owner
		m := &Message{SchemaVersion: SchemaVersion, Kind: KindFinding, Action: d.Action, Change: d.Change, Channel: name, At: d.CreatedAt, Finding: &sum, Delivery: d.ID}
		run := n.send(name, m)
		if d.Action == string(config.ActionTicket) {
			if tickets == nil {
				if tickets, err = n.ticketsOf(ctx, name); err != nil {
					return queued, err
				}
			}
			run = n.ticket(name, tickets[d.Fingerprint], m)
		}
		n.push(name, job{ds: []store.Delivery{d}, run: run})
		queued++
	}
	return queued, nil
}

// ticketsOf is the tickets channel keeps, by fingerprint.
func (n *Notifier) ticketsOf(ctx context.Context, channel string) (map[string]string, error) {
	states, err := n.opts.Store.NotifyStates(ctx, channel)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, st := range states {
		if st.Ticket != "" {
			out[st.Fingerprint] = st.Ticket
		}
	}
	return out, nil
}

// Counts returns what each channel kind delivered, by kind.
func (n *Notifier) Counts() []Count {
	n.mu.Lock()
	defer n.mu.Unlock()
	out := make([]Count, 0, len(n.counts))
	for _, c := range n.counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int { return strings.Compare(a.Kind, b.Kind) })
	return out
}

func (n *Notifier) count(kind string, fn func(*Count)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	c := n.counts[kind]
	if c == nil {
		c = &Count{Kind: kind}
		n.counts[kind] = c
	}
	fn(c)
}
