package exceptions

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

func TestDiff(t *testing.T) {
	open := []model.Finding{
		finding("k8s-privileged", "legacy", "a", nil),
		finding("k8s-privileged", "legacy", "b", nil),
		finding("k8s-host-network", "legacy", "a", nil),
	}
	old := []Exception{
		exception("gone", "k8s-host-network", Selector{}),
		exception("grow", "k8s-privileged", Selector{ID: "*/a"}),
		exception("shrink", "k8s-*", Selector{Namespace: "legacy"}),
		exception("text-wider", "k8s-privileged", Selector{Namespace: "legacy", Labels: map[string]string{"team": "x"}}),
		exception("reason", "k8s-privileged", Selector{Namespace: "none"}),
		exception("same", "r", Selector{}),
	}
	moved := exception("same", "r", Selector{})
	moved.Line = 40
	reason := exception("reason", "k8s-privileged", Selector{Namespace: "none"})
	reason.Reason = "another"
	new := []Exception{
		exception("grow", "k8s-privileged", Selector{}),
		exception("new", "k8s-privileged", Selector{Namespace: "legacy"}),
		reason,
		moved,
		exception("shrink", "k8s-privileged", Selector{Namespace: "legacy"}),
		exception("text-wider", "k8s-privileged", Selector{Namespace: "legacy", Labels: map[string]string{"team": "*"}}),
	}
	got := map[string]Change{}
	for _, c := range Diff(old, new, open) {
		got[c.ID] = c
	}
	want := map[string]struct {
		event        string
		gained, lost int
	}{
		"gone":       {store.ExceptionRemoved, 0, 1},
		"grow":       {store.ExceptionWidened, 1, 0},
		"new":        {store.ExceptionAdded, 2, 0},
		"reason":     {store.ExceptionChanged, 0, 0},
		"shrink":     {store.ExceptionNarrowed, 0, 1},
		"text-wider": {store.ExceptionWidened, 0, 0},
	}
	if len(got) != len(want) {
		t.Errorf("changes %v, want %d", got, len(want))
	}
	for id, w := range want {
		c := got[id]
		if c.Event != w.event || c.Gained != w.gained || c.Lost != w.lost {
			t.Errorf("%s: %s +%d -%d, want %s +%d -%d", id, c.Event, c.Gained, c.Lost, w.event, w.gained, w.lost)
		}
	}
}
