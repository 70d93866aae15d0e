package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// TestBackupWhileWriting: backups taken while another connection keeps
// recording scans are consistent copies: each passes the integrity
// check, opens as a store, and holds whole scopes only (every stored
// finding has its resource and its opening event, written in one
// transaction).
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "vigil.db")
	s, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		at := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if writeErr = recordOne(ctx, s, i, at.Add(time.Duration(i)*time.Minute)); writeErr != nil {
				return
			}
		}
	}()

	var backups []*sqlite.Check
	for i := range 5 {
		time.Sleep(30 * time.Millisecond)
		c, err := sqlite.Backup(ctx, src, filepath.Join(dir, fmt.Sprintf("backup-%d.db", i)))
		if err != nil {
			close(stop)
			wg.Wait()
			t.Fatalf("backup %d: %v", i, err)
		}
		backups = append(backups, c)
	}
	close(stop)
	wg.Wait()
	if writeErr != nil {
		t.Fatalf("the writer failed beside the backups: %v", writeErr)
	}

	for i, c := range backups {
		rows := map[string]int64{}
		for _, r := range c.Rows {
			rows[r.Table] = r.Rows
		}
		if c.Integrity != "ok" || c.Schema < 6 || c.Bytes == 0 {
			t.Errorf("backup %d: %+v", i, c)
		}
		if rows["scans"] == 0 && i == len(backups)-1 {
			t.Errorf("backup %d holds no scans: the writer never ran beside it", i)
		}
		// Each scope writes a resource, a finding and its opened event
		// together: a torn copy would count them apart.
		if rows["findings"] != rows["resources"] || rows["findings"] != rows["finding_events"] {
			t.Errorf("backup %d is not one snapshot: %v", i, rows)
		}
		copyStore, err := sqlite.Open(ctx, c.Path)
		if err != nil {
			t.Fatalf("backup %d does not open as a store: %v", i, err)
		}
		fs, err := copyStore.Findings(ctx, store.Query{})
		copyStore.Close()
		if err != nil || int64(len(fs)) != rows["findings"] {
			t.Errorf("backup %d: read %d findings (%v), counted %d", i, len(fs), err, rows["findings"])
		}
	}
	if first, last := backups[0].Rows, backups[len(backups)-1].Rows; fmt.Sprint(first) == fmt.Sprint(last) {
		t.Errorf("every backup holds the same rows %v: the store was not written during the backups", first)
	}
}

// recordOne stores scan i with one new resource and one finding on it;
// the scan covers nothing, so nothing resolves.
func recordOne(ctx context.Context, s store.Store, i int, at time.Time) error {
	r := &model.Resource{ID: fmt.Sprintf("k8s://c/x/apps/Deployment/d%d", i), Type: "k8s.apps.deployment", Provider: "k8s", Account: "c", Namespace: "x", Name: fmt.Sprintf("d%d", i), Kind: "Deployment", Source: model.Source{Kind: model.SourceLive}}
	f := model.Finding{Fingerprint: model.Fingerprint("r1", r.ID), RuleID: "r1", Title: "r1", Severity: model.SeverityHigh, Status: model.StatusOpen, Message: "r1", Resource: r, Compliance: []model.ComplianceRef{}}
	sc := &model.Scan{ID: fmt.Sprintf("s%d", i), Source: "k8s", Account: "c", Status: model.ScanPartial, StartedAt: at, FinishedAt: at}
	rec, err := s.Begin(ctx, sc, nil)
	if err != nil {
		return err
	}
	if _, err := rec.Scope(ctx, []*model.Resource{r}, []model.Finding{f}); err != nil {
		return err
	}
	_, err = rec.Finish(ctx, store.Finish{Evaluated: map[string]bool{"r1": true}})
	return err
}

// TestBackupRefuses: a missing store, a file that is not a store, and a
// backup over the store itself are refused with what to do.
func TestBackupRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	notStore := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(notStore, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := sqlite.Open(ctx, filepath.Join(dir, "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, c := range []struct{ src, dest, want string }{
		{filepath.Join(dir, "missing.db"), filepath.Join(dir, "b.db"), "--store"},
		{notStore, filepath.Join(dir, "b.db"), "not a Vigil store"},
		{filepath.Join(dir, "vigil.db"), filepath.Join(dir, "vigil.db"), "would overwrite the store"},
	} {
		if _, err := sqlite.Backup(ctx, c.src, c.dest); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Backup(%s, %s) = %v, want an error saying %q", filepath.Base(c.src), filepath.Base(c.dest), err, c.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "b.db")); !os.IsNotExist(err) {
		t.Errorf("a refused backup left a file: %v", err)
	}
}
