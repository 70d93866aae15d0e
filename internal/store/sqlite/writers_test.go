package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// TestTwoWriters: the store records scans while another handle on the
// same file writes too, as the job engine (River, its own connection)
// does beside running scans. The findings come in a scope of their own,
// without resources, as those of rules that waited for the end of a scan
// do: the transaction reads before it writes. A store transaction that read before the
// other handle committed must wait for the lock, not fail with "database
// is locked (517)" (SQLITE_BUSY_SNAPSHOT), which a busy timeout cannot
// retry.
func TestTwoWriters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "vigil.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.ExecContext(ctx, `CREATE TABLE other_writes (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var otherErr error
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			// A short transaction, as River's job updates are.
			tx, err := other.BeginTx(ctx, nil)
			if err == nil {
				if _, err = tx.ExecContext(ctx, `INSERT INTO other_writes (n) VALUES (?)`, i); err == nil {
					err = tx.Commit()
				} else {
					tx.Rollback()
				}
			}
			if err != nil {
				otherErr = err
				return
			}
		}
	})
	at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200 {
		if err := recordDeferred(ctx, s, i, at.Add(time.Duration(i)*time.Minute)); err != nil {
			close(stop)
			wg.Wait()
			t.Fatalf("scan %d beside another writer: %v", i, err)
		}
	}
	close(stop)
	wg.Wait()
	if otherErr != nil {
		t.Fatalf("the other writer: %v", otherErr)
	}
}

// recordDeferred records a scan whose resource is stored in one scope
// and its finding in a last scope of findings only.
func recordDeferred(ctx context.Context, s store.Store, i int, at time.Time) error {
	r := &model.Resource{ID: fmt.Sprintf("arn:aws:s3:::b%d", i), Type: "aws.s3.bucket", Provider: "aws", Account: "111111111111", Name: fmt.Sprintf("b%d", i), Source: model.Source{Kind: model.SourceLive}}
	f := model.Finding{Fingerprint: model.Fingerprint("r1", r.ID), RuleID: "r1", Title: "r1", Severity: model.SeverityHigh, Status: model.StatusOpen, Message: "r1", Resource: r, Compliance: []model.ComplianceRef{}}
	sc := &model.Scan{ID: fmt.Sprintf("s%d", i), Source: "aws", Account: "111111111111", Status: model.ScanComplete, StartedAt: at, FinishedAt: at}
	rec, err := s.Begin(ctx, sc, nil)
	if err != nil {
		return err
	}
	if _, err := rec.Scope(ctx, []*model.Resource{r}, nil); err != nil {
		return err
	}
	if _, err := rec.Scope(ctx, nil, []model.Finding{f}); err != nil {
		return err
	}
	_, err = rec.Finish(ctx, store.Finish{Evaluated: map[string]bool{"r1": true}})
	return err
}
