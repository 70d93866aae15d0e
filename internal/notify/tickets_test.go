package notify_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
	"github.com/vigil-cspm/vigil/internal/store"
)

var ticketRoutes = []config.Route{{Match: config.RouteMatch{MinSeverity: model.SeverityMedium}, Action: config.ActionTicket, Channel: "tickets"}}

func reconcile(t *testing.T, n *notify.Notifier, fs ...model.Finding) {
	t.Helper()
	if err := n.Reconcile(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	if err := n.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestGitHubTicketLifecycle: an issue opens with the finding, takes a
// comment when it changes, is reopened with a comment when closed by
// hand while the finding is open, and is closed as completed when the
// finding is fixed.
func TestGitHubTicketLifecycle(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		gh := newGitHub(t)
		n := newNotifier(t, st, ticketRoutes, nil, &notify.Destination{Name: "tickets", Kind: "github", Tracker: notify.NewGitHub(gh.repo, gh.token, gh.srv.URL, nil), Secrets: []string{gh.token}})
		f := withOwner(finding("aws-s3-public", "111111111111", "logs", model.SeverityMedium), "payments")
		other := finding("aws-s3-versioning", "111111111111", "logs", model.SeverityHigh)
		scan(t, n, f, other)
		is := gh.issue(1)
		if is.State != "open" || !strings.Contains(is.Title, "aws-s3-public title") || !strings.Contains(is.Body, "Owner: payments") || !strings.Contains(is.Body, f.Fingerprint) {
			t.Fatalf("issue 1 %+v, want open with the finding", is)
		}
		if gh.issue(2).State != "open" {
			t.Fatalf("issue 2 not opened for the second finding")
		}
		scan(t, n, f, other) // nothing changed: nothing said
		f.Severity = model.SeverityHigh
		scan(t, n, f)
		if is := gh.issue(1); len(is.Comments) != 1 || !strings.Contains(is.Comments[0], "[HIGH] changed") {
			t.Fatalf("after a severity change, comments %q, want one saying so", is.Comments)
		}

		gh.closeByHand(1)
		reconcile(t, n, f, other)
		is = gh.issue(1)
		if is.State != "open" || len(is.Comments) != 2 || !strings.Contains(is.Comments[1], "still open") {
			t.Fatalf("issue closed by hand: state %s, comments %q; want reopened with a comment", is.State, is.Comments)
		}
		reconcile(t, n, f, other) // open already: nothing to do
		if got := len(gh.issue(1).Comments); got != 2 {
			t.Errorf("reconciling an open issue added comments: %d, want 2", got)
		}
		if got := len(gh.issue(2).Comments); got != 0 {
			t.Errorf("issue 2 (never closed) got %d comments, want 0", got)
		}

		scan(t, n, withStatus(f, model.StatusResolved))
		is = gh.issue(1)
		if is.State != "closed" || is.StateReason != "completed" || !strings.Contains(is.Comments[len(is.Comments)-1], "resolved") {
			t.Fatalf("after the fix: %+v, want closed as completed with a comment", is)
		}
		reconcile(t, n, other) // the finding is resolved: its closed issue stays closed
		if gh.issue(1).State != "closed" {
			t.Error("reconcile reopened the issue of a resolved finding")
		}
		scan(t, n, withStatus(other, model.StatusExcepted))
		if is := gh.issue(2); is.State != "closed" || is.StateReason != "not_planned" {
			t.Errorf("excepted finding's issue %+v, want closed as not planned", is)
		}
		// The finding comes back: the same issue reopens.
		f.Status = model.StatusOpen
		scan(t, n, f)
		if gh.issue(1).State != "open" || len(gh.issues) != 2 {
			t.Errorf("reopened finding: issue 1 %s, %d issues; want issue 1 reopened, no new issue", gh.issue(1).State, len(gh.issues))
		}
		gh.check(t)
		ds := deliveries(t, st, store.DeliveryQuery{Channel: "tickets"})
		for _, d := range ds {
			if d.Status != store.DeliverySent {
				t.Errorf("delivery %+v not sent", d)
			}
		}
		if ds[0].Change != notify.ChangeReopened || ds[0].Action != "ticket" {
			t.Errorf("last delivery %+v, want the reopening", ds[0])
		}
	})
}

// TestJiraTicketLifecycle: the same lifecycle on Jira Cloud, through
// the project's workflow transitions.
func TestJiraTicketLifecycle(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		j := newJira(t)
		n := newNotifier(t, st, ticketRoutes, nil, &notify.Destination{Name: "tickets", Kind: "jira", Tracker: notify.NewJira(j.srv.URL, j.project, j.email, j.token, nil)})
		f := finding("aws-s3-public", "111111111111", "logs", model.SeverityCritical)
		f.Title = "Bucket is public\nand writable"
		scan(t, n, f)
		is := j.issue("SEC-1")
		if is.Status != "To Do" || !strings.Contains(is.Summary, "Bucket is public") {
			t.Fatalf("SEC-1 %+v, want a new issue", is)
		}
		j.setStatus("SEC-1", "Done")
		reconcile(t, n, f)
		is = j.issue("SEC-1")
		if is.Status != "To Do" || len(is.Comments) != 1 {
			t.Fatalf("SEC-1 closed by hand: %s with %d comments, want reopened (To Do) with a comment", is.Status, len(is.Comments))
		}
		j.setStatus("SEC-1", "In Progress")
		scan(t, n, withStatus(f, model.StatusResolved))
		is = j.issue("SEC-1")
		if is.Status != "Done" || len(is.Comments) != 2 {
			t.Fatalf("after the fix SEC-1 is %s with %d comments, want Done with a comment", is.Status, len(is.Comments))
		}
		scan(t, n, f) // reopened finding
		if is := j.issue("SEC-1"); is.Status != "To Do" || len(is.Comments) != 3 {
			t.Fatalf("reopened finding: SEC-1 %s with %d comments, want To Do with a comment", is.Status, len(is.Comments))
		}
		j.check(t)
	})
}

// TestTicketSurvivesRestart: a new notifier on the same store comments
// on the ticket the old one opened instead of opening another.
func TestTicketSurvivesRestart(t *testing.T) {
	each(t, func(t *testing.T, st store.Store) {
		gh := newGitHub(t)
		dest := func() *notify.Destination {
			return &notify.Destination{Name: "tickets", Kind: "github", Tracker: notify.NewGitHub(gh.repo, gh.token, gh.srv.URL, nil)}
		}
		f := finding("aws-s3-public", "111111111111", "logs", model.SeverityMedium)
		n1 := newNotifier(t, st, ticketRoutes, nil, dest())
		scan(t, n1, f)
		n1.Close(context.Background())
		n2 := newNotifier(t, st, ticketRoutes, nil, dest())
		scan(t, n2, withStatus(f, model.StatusResolved))
		if len(gh.issues) != 1 || gh.issue(1).State != "closed" {
			t.Errorf("%d issues, issue 1 %s; want the one issue closed", len(gh.issues), gh.issue(1).State)
		}
		gh.check(t)
	})
}
