package notify

import (
	"context"
	"fmt"
	"sync/atomic"
)

// LocalSink delivers nowhere: its deliveries are in the delivery log
// only, marked with kind local. The demo routes to it, so notifications
// and tickets show without a network. Its tickets are numbered LOCAL-1,
// LOCAL-2 …, and are open until a fix closes them.
type LocalSink struct {
	n      atomic.Int64
	closed map[string]bool
}

// Local returns a destination named name that is a LocalSink: it
// carries every action.
func Local(name string) *Destination {
	s := &LocalSink{closed: map[string]bool{}}
	return &Destination{Name: name, Kind: KindLocal, Sender: s, Tracker: s}
}

// Send implements Sender.
func (s *LocalSink) Send(context.Context, *Message) error { return nil }

// Open implements Tracker.
func (s *LocalSink) Open(context.Context, *Message) (string, error) {
	return fmt.Sprintf("LOCAL-%d", s.n.Add(1)), nil
}

// Comment implements Tracker.
func (s *LocalSink) Comment(context.Context, string, *Message) error { return nil }

// Close implements Tracker. The sink is used from its channel's one
// goroutine only.
func (s *LocalSink) Close(_ context.Context, ref string, _ *Message) error {
	s.closed[ref] = true
	return nil
}

// Reopen implements Tracker.
func (s *LocalSink) Reopen(_ context.Context, ref string, _ *Message) error {
	delete(s.closed, ref)
	return nil
}

// IsOpen implements Tracker.
func (s *LocalSink) IsOpen(_ context.Context, ref string) (bool, error) { return !s.closed[ref], nil }
