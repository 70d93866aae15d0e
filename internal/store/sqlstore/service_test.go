package sqlstore_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/store"
)

// TestAuditLog: entries are appended and read newest first, from a time
// on, at most a limit.
func TestAuditLog(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t).(store.ServiceState)
		t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		for i, actor := range []string{"alice", "bob", "ci-infra"} {
			e := store.AuditEntry{At: t0.Add(time.Duration(i) * time.Minute), Actor: actor, Via: "token", Role: "admin",
				Action: "POST /api/v1/scans", Target: "prod aws:1/eu-west-1", Status: 202, Remote: "127.0.0.1", Detail: "d"}
			if err := s.AppendAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.AuditLog(ctx, t0.Add(time.Minute), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Actor != "ci-infra" || got[1].Actor != "bob" || got[1].Status != 202 || got[1].Target != "prod aws:1/eu-west-1" || !got[1].At.Equal(t0.Add(time.Minute)) {
			t.Fatalf("audit log since t0+1m = %+v", got)
		}
		got, err = s.AuditLog(ctx, time.Time{}, 1)
		if err != nil || len(got) != 1 || got[0].Actor != "ci-infra" {
			t.Fatalf("newest entry = %+v, %v", got, err)
		}
	})
}

// TestSecret: the first caller's value is kept; concurrent callers all
// read one value; a failing generator stores nothing.
func TestSecret(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t).(store.ServiceState)
		if _, err := s.Secret(ctx, "k", func() ([]byte, error) { return nil, errors.New("no entropy") }); err == nil {
			t.Fatal("a failing generator gave no error")
		}
		var wg sync.WaitGroup
		got := make([][]byte, 4)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v, err := s.Secret(ctx, "k", func() ([]byte, error) { return []byte{byte(i), 1, 2, 3}, nil })
				if err != nil {
					t.Error(err)
				}
				got[i] = v
			}()
		}
		wg.Wait()
		for i := range got {
			if len(got[i]) != 4 || !bytes.Equal(got[i], got[0]) {
				t.Fatalf("callers read different secrets: %v", got)
			}
		}
		again, err := s.Secret(ctx, "k", func() ([]byte, error) { return []byte("other"), nil })
		if err != nil || !bytes.Equal(again, got[0]) {
			t.Fatalf("secret changed: %v, %v", again, err)
		}
	})
}

// TestChecks: a check is stored whole and read back by id; an unknown
// id is nil, not an error.
func TestChecks(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t).(store.ServiceState)
		c := store.Check{ID: "c1", Repo: "org/infra", Ref: "feature/x", Commit: "abc123", At: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Doc: `{"findings":[]}`}
		if err := s.RecordCheck(ctx, c); err != nil {
			t.Fatal(err)
		}
		got, err := s.Check(ctx, "c1")
		if err != nil || got == nil || *got != c {
			t.Fatalf("check = %+v, %v", got, err)
		}
		if got, err := s.Check(ctx, "nope"); got != nil || err != nil {
			t.Fatalf("unknown check = %+v, %v", got, err)
		}
	})
}
