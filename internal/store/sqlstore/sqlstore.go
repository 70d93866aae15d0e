// Package sqlstore implements store.Store over database/sql, shared by the
// SQLite and PostgreSQL stores: the same tables (each dialect carries its
// own migration files for the few types that differ), the same queries
// written with ? placeholders and rebound per dialect, and the lifecycle
// rules of package store.
package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Dialect is what differs between databases.
type Dialect struct {
	// Name is used in errors: sqlite, postgres.
	Name string
	// SerialPrimaryKey is the column definition of an auto-numbered key.
	SerialPrimaryKey string
	// Dollar rebinds ? placeholders to $1, $2 … (PostgreSQL).
	Dollar bool
	// TextIndex is how the findings' text search is indexed.
	TextIndex TextIndex
}

// migrations holds NNNN_name.sql files, applied in order; the few types
// that differ between dialects are {{placeholders}}.
//
//go:embed migrations/*.sql
var migrations embed.FS

// Store is a database/sql-backed store.Store.
type Store struct {
	db *sql.DB
	d  Dialect
}

var _ store.Store = (*Store)(nil)

// New applies pending migrations to db and returns the store. The store
// owns db and closes it in Close.
func New(ctx context.Context, db *sql.DB, d Dialect) (*Store, error) {
	s := &Store{db: db, d: d}
	if err := s.migrate(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// q rebinds a query written with ? placeholders.
func (s *Store) q(query string) string {
	if !s.d.Dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, s.q(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)); err != nil {
		return err
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		base := path.Base(f)
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		var n int
		if err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), v).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		raw, err := fs.ReadFile(migrations, f)
		if err != nil {
			return err
		}
		body := strings.NewReplacer("{{serial_primary_key}}", s.d.SerialPrimaryKey, "{{text_index}}", textIndexSQL(s.d.TextIndex)).Replace(string(raw))
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, body); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", base, err)
		}
		if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), v, ts(time.Now())); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// tsLayout is RFC 3339 with a fixed-width fraction, so stored times sort
// as text in time order.
const tsLayout = "2006-01-02T15:04:05.000000000Z07:00"

func ts(t time.Time) string { return t.UTC().Format(tsLayout) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

// optJSON is v as JSON, or "" for nil or empty.
func optJSON[T any](v T) string {
	switch x := any(v).(type) {
	case *model.Risk:
		if x == nil {
			return ""
		}
	case []string:
		if len(x) == 0 {
			return ""
		}
	}
	return mustJSON(v)
}

func riskScore(r *model.Risk) int {
	if r == nil {
		return 0
	}
	return r.Score
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}

// Begin implements store.Store.
func (s *Store) Begin(ctx context.Context, scan *model.Scan, related map[string][]string) (store.Recording, error) {
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO scans (id, source, account, status, started_at, finished_at, resources, findings, coverage, errors, rules_version, rules_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`),
		scan.ID, scan.Source, scan.Account, model.ScanRunning, ts(scan.StartedAt), ts(scan.StartedAt), 0, 0, "[]", "[]", scan.RulesVersion, scan.RulesHash); err != nil {
		return nil, fmt.Errorf("record scan %s: %w", scan.ID, err)
	}
	return &recording{s: s, scan: scan, related: related}, nil
}

// recording is one scan being stored.
type recording struct {
	s         *Store
	scan      *model.Scan
	related   map[string][]string
	resources int
	findings  int
}

// Rows written per statement: one statement per row made the store most
// of an AWS organization scan's CPU. Both databases allow far more
// parameters than these take (resources 12 a row, findings 27).
const (
	resourceRows = 100
	findingRows  = 40
	lookupRows   = 500
)

const (
	insertResources = `INSERT INTO resources (id, source, account, type, namespace, name, file, last_scan, last_seen, doc, first_seen, scope_account) VALUES `
	upsertResources = ` ON CONFLICT (id) DO UPDATE SET account=excluded.account, type=excluded.type, namespace=excluded.namespace, name=excluded.name, file=excluded.file, last_scan=excluded.last_scan, last_seen=excluded.last_seen, doc=excluded.doc, scope_account=excluded.scope_account`
	insertFindings  = `INSERT INTO findings (fingerprint, rule_id, severity, status, title, message, evidence, remediation, compliance, related, resource_id, resource, source, account, resource_type, namespace, file, related_types, first_seen, last_seen, resolved_at, last_scan, risk_score, risk, members, changed_at, scope_account) VALUES `
	findingValues   = `(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,?)`
	upsertFindings  = ` ON CONFLICT (fingerprint) DO UPDATE SET account=excluded.account, severity=excluded.severity, status=excluded.status, title=excluded.title, message=excluded.message, evidence=excluded.evidence,
remediation=excluded.remediation, compliance=excluded.compliance, related=excluded.related, resource=excluded.resource, related_types=excluded.related_types, file=excluded.file,
last_seen=excluded.last_seen, resolved_at=NULL, last_scan=excluded.last_scan, risk_score=excluded.risk_score, risk=excluded.risk, members=excluded.members, scope_account=excluded.scope_account`
)

// multiRow returns an INSERT of n rows of values, ending with tail.
func multiRow(head, values string, n int, tail string) string {
	var b strings.Builder
	b.WriteString(head)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(values)
	}
	b.WriteString(tail)
	return b.String()
}

// inChunks runs fn on consecutive slices of at most size of n items.
func inChunks(n, size int, fn func(from, to int) error) error {
	for from := 0; from < n; from += size {
		if err := fn(from, min(from+size, n)); err != nil {
			return err
		}
	}
	return nil
}

// Scope implements store.Recording: one transaction per scope, rows
// written in batches.
func (r *recording) Scope(ctx context.Context, resources []*model.Resource, fs []model.Finding) (store.ScopeOutcome, error) {
	s, scan := r.s, r.scan
	now := ts(scan.StartedAt) // first and last seen: when the scan ran
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.ScopeOutcome{}, err
	}
	defer tx.Rollback()
	// A statement may not write one row twice (PostgreSQL refuses it):
	// the last of a repeated resource wins, as row by row it would.
	resources = lastOf(resources, func(r *model.Resource) string { return r.ID })
	err = inChunks(len(resources), resourceRows, func(from, to int) error {
		args := make([]any, 0, (to-from)*12)
		for _, res := range resources[from:to] {
			doc, err := json.Marshal(res)
			if err != nil {
				return fmt.Errorf("encode resource %s: %w", res.ID, err)
			}
			args = append(args, res.ID, scan.Source, scan.Account, res.Type, res.Partition(), res.Name, res.Source.File, scan.ID, now, string(doc), now, res.Account)
		}
		if _, err := tx.ExecContext(ctx, s.q(multiRow(insertResources, "(?,?,?,?,?,?,?,?,?,?,?,?)", to-from, upsertResources)), args...); err != nil {
			return fmt.Errorf("record resources %s …: %w", resources[from].ID, err)
		}
		return nil
	})
	if err != nil {
		return store.ScopeOutcome{}, err
	}
	fs = lastOf(fs, func(f model.Finding) string { return f.Fingerprint })
	known, err := r.lifecycle(ctx, tx, fs)
	if err != nil {
		return store.ScopeOutcome{}, err
	}
	out := store.ScopeOutcome{Findings: make([]model.Finding, 0, len(fs))}
	type event struct{ fp, kind, severity, message string }
	var events []event
	for _, f := range fs {
		prev, seen := known[f.Fingerprint]
		switch {
		case !seen:
			events = append(events, event{f.Fingerprint, store.EventOpened, f.Severity.String(), f.Message})
			f.FirstSeen = scan.StartedAt
		default:
			f.FirstSeen = parseTS(prev.firstSeen)
			if prev.status == model.StatusResolved {
				events = append(events, event{f.Fingerprint, store.EventReopened, f.Severity.String(), f.Message})
			}
		}
		f.LastSeen = scan.StartedAt
		f.ResolvedAt = nil
		out.Findings = append(out.Findings, f)
	}
	err = inChunks(len(out.Findings), findingRows, func(from, to int) error {
		args := make([]any, 0, (to-from)*27)
		for _, f := range out.Findings[from:to] {
			res := f.Resource
			// Stored open: the store owns the lifecycle; the status the
			// caller gave (an inline exception) is this scan's verdict.
			args = append(args, f.Fingerprint, f.RuleID, int(f.Severity), model.StatusOpen, f.Title, f.Message, mustJSON(f.Evidence), f.Remediation, mustJSON(f.Compliance), f.Related,
				res.ID, mustJSON(res.Identity()), scan.Source, scan.Account, res.Type, res.Partition(), res.Source.File, mustJSON(r.related[f.RuleID]), ts(f.FirstSeen), now, scan.ID,
				riskScore(f.Risk), optJSON(f.Risk), optJSON(f.Members), changedAt(res), res.Account)
		}
		if _, err := tx.ExecContext(ctx, s.q(multiRow(insertFindings, findingValues, to-from, upsertFindings)), args...); err != nil {
			return fmt.Errorf("record findings %s …: %w", out.Findings[from].Fingerprint, err)
		}
		return nil
	})
	if err != nil {
		return store.ScopeOutcome{}, err
	}
	err = inChunks(len(events), resourceRows, func(from, to int) error {
		args := make([]any, 0, (to-from)*6)
		for _, e := range events[from:to] {
			args = append(args, e.fp, scan.ID, now, e.kind, e.severity, e.message)
		}
		_, err := tx.ExecContext(ctx, s.q(multiRow(`INSERT INTO finding_events (fingerprint, scan_id, at, event, severity, message) VALUES `, "(?,?,?,?,?,?)", to-from, "")), args...)
		return err
	})
	if err != nil {
		return store.ScopeOutcome{}, err
	}
	if err := tx.Commit(); err != nil {
		return store.ScopeOutcome{}, fmt.Errorf("commit scan %s: %w", scan.ID, err)
	}
	out.Opened = len(events)
	r.resources += len(resources)
	r.findings += len(fs)
	return out, nil
}

// Rescore implements store.Recording: one statement per batch, joining
// the findings to a VALUES list (column1, … name its columns in SQLite
// and PostgreSQL alike).
func (r *recording) Rescore(ctx context.Context, fs []model.Finding) error {
	s := r.s
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	err = inChunks(len(fs), lookupRows, func(from, to int) error {
		args := make([]any, 0, (to-from)*3)
		for _, f := range fs[from:to] {
			args = append(args, f.Fingerprint, riskScore(f.Risk), optJSON(f.Risk))
		}
		q := multiRow(`UPDATE findings SET risk_score = v.column2, risk = v.column3 FROM (VALUES `, "(?, CAST(? AS INTEGER), ?)", to-from, `) AS v WHERE findings.fingerprint = v.column1`)
		if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
			return fmt.Errorf("record risk of %s …: %w", fs[from].Fingerprint, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return tx.Commit()
}

// lastOf drops every item whose key a later item repeats.
func lastOf[T any](items []T, key func(T) string) []T {
	last := make(map[string]int, len(items))
	for i, it := range items {
		last[key(it)] = i
	}
	if len(last) == len(items) {
		return items
	}
	out := make([]T, 0, len(last))
	for i, it := range items {
		if last[key(it)] == i {
			out = append(out, it)
		}
	}
	return out
}

// stored is what the store knows of a finding before a scan writes it.
type stored struct{ status, firstSeen string }

// lifecycle reads the stored status and first sighting of the findings
// that are already in the store.
func (r *recording) lifecycle(ctx context.Context, tx *sql.Tx, fs []model.Finding) (map[string]stored, error) {
	out := make(map[string]stored, len(fs))
	err := inChunks(len(fs), lookupRows, func(from, to int) error {
		args := make([]any, 0, to-from)
		for _, f := range fs[from:to] {
			args = append(args, f.Fingerprint)
		}
		q := `SELECT fingerprint, status, first_seen FROM findings WHERE fingerprint IN (` + placeholders(to-from) + `)`
		rows, err := tx.QueryContext(ctx, r.s.q(q), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var fp string
			var st stored
			if err := rows.Scan(&fp, &st.status, &st.firstSeen); err != nil {
				return err
			}
			out[fp] = st
		}
		return rows.Err()
	})
	return out, err
}

// Finish implements store.Recording.
func (r *recording) Finish(ctx context.Context, fin store.Finish) (store.Outcome, error) {
	s, scan := r.s, r.scan
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return store.Outcome{}, err
	}
	defer tx.Rollback()
	health := ""
	if len(scan.Health) > 0 {
		health = mustJSON(scan.Health)
	}
	if _, err := tx.ExecContext(ctx, s.q(`UPDATE scans SET status = ?, finished_at = ?, resources = ?, findings = ?, coverage = ?, errors = ?, health = ? WHERE id = ?`),
		scan.Status, ts(scan.FinishedAt), r.resources, r.findings, mustJSON(scan.Coverage), mustJSON(scan.Errors), health, scan.ID); err != nil {
		return store.Outcome{}, fmt.Errorf("record scan %s: %w", scan.ID, err)
	}
	if scan.Status == model.ScanFailed {
		// A failed scan forgets and resolves nothing (store.CanResolve).
		return store.Outcome{}, tx.Commit()
	}
	if err := s.forget(ctx, tx, scan); err != nil {
		return store.Outcome{}, err
	}
	resolved, err := s.resolve(ctx, tx, scan, fin.Evaluated, fin.Hidden)
	if err != nil {
		return store.Outcome{}, err
	}
	if err := tx.Commit(); err != nil {
		return store.Outcome{}, fmt.Errorf("commit scan %s: %w", scan.ID, err)
	}
	return store.Outcome{Resolved: resolved}, nil
}

func (s *Store) appendEvent(ctx context.Context, tx *sql.Tx, fp, scanID string, at time.Time, event, severity, msg string) error {
	_, err := tx.ExecContext(ctx, s.q(`INSERT INTO finding_events (fingerprint, scan_id, at, event, severity, message) VALUES (?,?,?,?,?,?)`), fp, scanID, ts(at), event, severity, msg)
	return err
}

// forget deletes the resources of the scan's source and account that a
// scope it covered no longer has.
func (s *Store) forget(ctx context.Context, tx *sql.Tx, scan *model.Scan) error {
	rows, err := tx.QueryContext(ctx, s.q(`SELECT id, type, namespace, file FROM resources WHERE source = ? AND account = ? AND last_scan <> ?`), scan.Source, scan.Account, scan.ID)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var id, typ, ns, file string
		if err := rows.Scan(&id, &typ, &ns, &file); err != nil {
			rows.Close()
			return err
		}
		if store.CanResolve(scan, store.Scope{ResourceType: typ, Namespace: ns, File: file}) {
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range gone {
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM resources WHERE id = ?`), id); err != nil {
			return err
		}
	}
	return nil
}

// resolve closes open findings of the scan's source and account that the
// scan covered and did not see (it stamped every finding it saw with its
// id).
func (s *Store) resolve(ctx context.Context, tx *sql.Tx, scan *model.Scan, evaluated, hidden map[string]bool) ([]model.Finding, error) {
	rows, err := tx.QueryContext(ctx, s.q(selectFindings+` WHERE source = ? AND account = ? AND status = ? AND last_scan <> ?`), scan.Source, scan.Account, model.StatusOpen, scan.ID)
	if err != nil {
		return nil, err
	}
	var candidates []storedFinding
	for rows.Next() {
		sf, err := scanFinding(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if !hidden[sf.Fingerprint] && evaluated[sf.RuleID] {
			candidates = append(candidates, sf)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var resolved []model.Finding
	now := scan.FinishedAt
	for _, sf := range candidates {
		if !store.CanResolve(scan, sf.scope) {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.q(`UPDATE findings SET status = ?, resolved_at = ?, last_scan = ? WHERE fingerprint = ?`), model.StatusResolved, ts(now), scan.ID, sf.Fingerprint); err != nil {
			return nil, err
		}
		if err := s.appendEvent(ctx, tx, sf.Fingerprint, scan.ID, now, store.EventResolved, sf.Severity.String(), ""); err != nil {
			return nil, err
		}
		f := sf.Finding
		f.Status = model.StatusResolved
		t := now
		f.ResolvedAt = &t
		resolved = append(resolved, f)
	}
	return resolved, nil
}

const selectFindings = `SELECT fingerprint, rule_id, severity, status, title, message, evidence, remediation, compliance, related, resource, namespace, file, resource_type, related_types, first_seen, last_seen, resolved_at, risk, members, changed_at FROM findings`

type storedFinding struct {
	model.Finding
	scope store.Scope
}

type rowScanner interface{ Scan(...any) error }

func scanFinding(row rowScanner) (storedFinding, error) {
	var (
		sf                                       storedFinding
		sev                                      int
		evidence, compliance, resource, relTypes string
		firstSeen, lastSeen, risk, members       string
		changed                                  string
		resolvedAt                               sql.NullString
	)
	if err := row.Scan(&sf.Fingerprint, &sf.RuleID, &sev, &sf.Status, &sf.Title, &sf.Message, &evidence, &sf.Remediation, &compliance, &sf.Related,
		&resource, &sf.scope.Namespace, &sf.scope.File, &sf.scope.ResourceType, &relTypes, &firstSeen, &lastSeen, &resolvedAt, &risk, &members, &changed); err != nil {
		return sf, err
	}
	sf.Severity = model.Severity(sev)
	_ = json.Unmarshal([]byte(evidence), &sf.Evidence)
	_ = json.Unmarshal([]byte(compliance), &sf.Compliance)
	_ = json.Unmarshal([]byte(relTypes), &sf.scope.RelatedTypes)
	sf.Resource = &model.Resource{}
	_ = json.Unmarshal([]byte(resource), sf.Resource)
	if risk != "" {
		sf.Risk = &model.Risk{}
		_ = json.Unmarshal([]byte(risk), sf.Risk)
	}
	if members != "" {
		_ = json.Unmarshal([]byte(members), &sf.Members)
	}
	// The change time recorded when the finding opened, not the
	// resource's latest: MTTD measures to the first sighting.
	sf.Resource.Changed = nil
	if changed != "" {
		t := parseTS(changed)
		sf.Resource.Changed = &t
	}
	sf.FirstSeen = parseTS(firstSeen)
	sf.LastSeen = parseTS(lastSeen)
	if resolvedAt.Valid {
		t := parseTS(resolvedAt.String)
		sf.ResolvedAt = &t
	}
	return sf, nil
}

// Findings implements store.Store.
func (s *Store) Findings(ctx context.Context, q store.Query) ([]model.Finding, error) {
	where, args := findingsWhere(q)
	query := selectFindings + where + " ORDER BY severity DESC, resource_id, rule_id"
	if q.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	defer rows.Close()
	var out []model.Finding
	for rows.Next() {
		sf, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sf.Finding)
	}
	return out, rows.Err()
}

// findingsWhere is the WHERE clause of q's filters ("" for none).
func findingsWhere(q store.Query) (string, []any) {
	var (
		where []string
		args  []any
	)
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	if q.Status != "" {
		add("status = ?", q.Status)
	}
	if q.MinSeverity > 0 {
		add("severity >= ?", int(q.MinSeverity))
	}
	if q.RuleID != "" {
		add("rule_id = ?", q.RuleID)
	}
	if q.IDPrefix != "" {
		add("fingerprint LIKE ?", strings.Trim(q.IDPrefix, "%_")+"%")
	}
	if q.ResourceID != "" {
		add("resource_id = ?", q.ResourceID)
	}
	if q.Source != "" {
		add("source = ?", q.Source)
	}
	if q.Account != "" {
		add("account = ?", q.Account)
	}
	if q.Namespace != "" {
		add("namespace = ?", q.Namespace)
	}
	if len(where) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(where, " AND "), args
}

// History implements store.Store.
func (s *Store) History(ctx context.Context, fingerprint string) ([]store.Event, error) {
	query, args := `SELECT fingerprint, scan_id, at, event, severity, message FROM finding_events`, []any{}
	if fingerprint != "" {
		query, args = query+` WHERE fingerprint = ?`, append(args, fingerprint)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY seq`), args...)
	if err != nil {
		return nil, fmt.Errorf("finding history: %w", err)
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var e store.Event
		var at string
		if err := rows.Scan(&e.Fingerprint, &e.ScanID, &at, &e.Event, &e.Severity, &e.Message); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// changedAt is the stored form of when r was created or changed, ""
// when its source did not say.
func changedAt(r *model.Resource) string {
	if r == nil || r.Changed == nil {
		return ""
	}
	return ts(*r.Changed)
}

// Mark implements store.Store.
func (s *Store) Mark(ctx context.Context, m store.Mark) error {
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO finding_marks (fingerprint, kind, by_whom, reason, at) VALUES (?,?,?,?,?)`),
		m.Fingerprint, m.Kind, m.By, m.Reason, ts(m.At)); err != nil {
		return fmt.Errorf("record mark of finding %s: %w", m.Fingerprint, err)
	}
	return nil
}

// Marks implements store.Store.
func (s *Store) Marks(ctx context.Context, fingerprint string) ([]store.Mark, error) {
	query, args := `SELECT fingerprint, kind, by_whom, reason, at FROM finding_marks`, []any{}
	if fingerprint != "" {
		query, args = query+` WHERE fingerprint = ?`, append(args, fingerprint)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY seq`), args...)
	if err != nil {
		return nil, fmt.Errorf("list finding marks: %w", err)
	}
	defer rows.Close()
	var out []store.Mark
	for rows.Next() {
		var m store.Mark
		var at string
		if err := rows.Scan(&m.Fingerprint, &m.Kind, &m.By, &m.Reason, &at); err != nil {
			return nil, err
		}
		m.At = parseTS(at)
		out = append(out, m)
	}
	return out, rows.Err()
}

// Resources implements store.Store.
func (s *Store) Resources(ctx context.Context) ([]store.ResourceRecord, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, source, account, type, namespace, name, file, first_seen, last_seen FROM resources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list resources: %w", err)
	}
	defer rows.Close()
	var out []store.ResourceRecord
	for rows.Next() {
		var r store.ResourceRecord
		var first, last string
		if err := rows.Scan(&r.ID, &r.Source, &r.Account, &r.Type, &r.Partition, &r.Name, &r.File, &first, &last); err != nil {
			return nil, err
		}
		if first != "" {
			r.FirstSeen = parseTS(first)
		}
		r.LastSeen = parseTS(last)
		out = append(out, r)
	}
	return out, rows.Err()
}

// Resource implements store.Store.
func (s *Store) Resource(ctx context.Context, id string) (*model.Resource, error) {
	var doc string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT doc FROM resources WHERE id = ?`), id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read resource %s: %w", id, err)
	}
	r := &model.Resource{}
	if err := json.Unmarshal([]byte(doc), r); err != nil {
		return nil, fmt.Errorf("decode stored resource %s: %w", id, err)
	}
	return r, nil
}

// placeholders is "?,?,…": n parameters of an IN list.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// StoredResources implements store.Store: one indexed query per batch of
// accounts (resources_scope leads with source, account, type).
func (s *Store) StoredResources(ctx context.Context, q store.StoredQuery) ([]*model.Resource, error) {
	if len(q.Accounts) == 0 || len(q.Types) == 0 {
		return nil, nil
	}
	const batch = 200
	var out []*model.Resource
	for start := 0; start < len(q.Accounts); start += batch {
		accts := q.Accounts[start:min(start+batch, len(q.Accounts))]
		args := []any{q.Source}
		for _, a := range accts {
			args = append(args, a)
		}
		for _, t := range q.Types {
			args = append(args, t)
		}
		query := `SELECT id, doc FROM resources WHERE source = ? AND account IN (` + placeholders(len(accts)) + `) AND type IN (` + placeholders(len(q.Types)) + `) ORDER BY id`
		rows, err := s.db.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return nil, fmt.Errorf("read stored resources: %w", err)
		}
		for rows.Next() {
			var id, doc string
			if err := rows.Scan(&id, &doc); err != nil {
				rows.Close()
				return nil, err
			}
			r := &model.Resource{}
			if err := json.Unmarshal([]byte(doc), r); err != nil {
				rows.Close()
				return nil, fmt.Errorf("decode stored resource %s: %w", id, err)
			}
			out = append(out, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// HasScanned implements store.Store.
func (s *Store) HasScanned(ctx context.Context, source, account string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, s.q(`SELECT COUNT(*) FROM (SELECT 1 FROM scans WHERE source = ? AND account = ? AND status IN (?, ?) LIMIT 1) AS done`),
		source, account, model.ScanComplete, model.ScanPartial).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read the scans of %s %s: %w", source, account, err)
	}
	return n > 0, nil
}

// Scans implements store.Store.
func (s *Store) Scans(ctx context.Context, limit int) ([]model.Scan, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, source, account, status, started_at, finished_at, coverage, errors, rules_version, rules_hash, health FROM scans ORDER BY started_at DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	defer rows.Close()
	var out []model.Scan
	for rows.Next() {
		var sc model.Scan
		var started, finished, cov, errs, health string
		if err := rows.Scan(&sc.ID, &sc.Source, &sc.Account, &sc.Status, &started, &finished, &cov, &errs, &sc.RulesVersion, &sc.RulesHash, &health); err != nil {
			return nil, err
		}
		sc.StartedAt, sc.FinishedAt = parseTS(started), parseTS(finished)
		_ = json.Unmarshal([]byte(cov), &sc.Coverage)
		_ = json.Unmarshal([]byte(errs), &sc.Errors)
		if health != "" {
			_ = json.Unmarshal([]byte(health), &sc.Health)
		}
		out = append(out, sc)
	}
	return out, rows.Err()
}

// Exceptions implements store.Store. The version is read first: under
// READ COMMITTED the rows may be newer than it, never older, so a write
// checked against it can only fail spuriously, never overwrite a change
// it did not see.
func (s *Store) Exceptions(ctx context.Context) (store.ExceptionSet, error) {
	var set store.ExceptionSet
	err := s.inTx(ctx, "list exceptions", func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT version FROM exception_set WHERE one = 1`).Scan(&set.Version); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, rule, owner, expires, doc, origin FROM exceptions ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e store.ExceptionRecord
			var expires string
			if err := rows.Scan(&e.ID, &e.Rule, &e.Owner, &expires, &e.Doc, &e.Origin); err != nil {
				return err
			}
			e.Expires = parseTS(expires)
			set.Records = append(set.Records, e)
		}
		return rows.Err()
	})
	return set, err
}

// bumpExceptions raises the exception set's version in tx; when expect
// is not negative, only from expect (ErrConflict otherwise).
func (s *Store) bumpExceptions(ctx context.Context, tx *sql.Tx, expect int64) error {
	query, args := `UPDATE exception_set SET version = version + 1 WHERE one = 1`, []any{}
	if expect >= 0 {
		query, args = query+` AND version = ?`, append(args, expect)
	}
	res, err := tx.ExecContext(ctx, s.q(query), args...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var now int64
	if err := tx.QueryRowContext(ctx, `SELECT version FROM exception_set WHERE one = 1`).Scan(&now); err != nil {
		return err
	}
	return fmt.Errorf("the exception set changed while this change was prepared (version %d, read at %d): %w", now, expect, store.ErrConflict)
}

// ReplaceExceptions implements store.Store.
func (s *Store) ReplaceExceptions(ctx context.Context, version int64, set []store.ExceptionRecord, events []store.ExceptionEvent) error {
	return s.inTx(ctx, "replace exceptions", func(tx *sql.Tx) error {
		if err := s.bumpExceptions(ctx, tx, version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM exceptions`); err != nil {
			return err
		}
		for _, e := range set {
			origin := e.Origin
			if origin == "" {
				origin = store.ExceptionFromFile
			}
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO exceptions (id, rule, owner, expires, doc, origin) VALUES (?,?,?,?,?,?)`), e.ID, e.Rule, e.Owner, ts(e.Expires), e.Doc, origin); err != nil {
				return fmt.Errorf("record exception %s: %w", e.ID, err)
			}
		}
		for _, ev := range events {
			if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO exception_events (exception_id, at, event, before_doc, after_doc) VALUES (?,?,?,?,?)`), ev.ID, ts(ev.At), ev.Event, ev.Before, ev.After); err != nil {
				return fmt.Errorf("record exception event %s: %w", ev.ID, err)
			}
		}
		return nil
	})
}

// ExceptionHistory implements store.Store.
func (s *Store) ExceptionHistory(ctx context.Context, id string) ([]store.ExceptionEvent, error) {
	query, args := `SELECT exception_id, at, event, before_doc, after_doc FROM exception_events`, []any{}
	if id != "" {
		query, args = query+` WHERE exception_id = ?`, append(args, id)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query+` ORDER BY seq`), args...)
	if err != nil {
		return nil, fmt.Errorf("exception history: %w", err)
	}
	defer rows.Close()
	var out []store.ExceptionEvent
	for rows.Next() {
		var e store.ExceptionEvent
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Event, &e.Before, &e.After); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ResourceCounts implements store.Store.
func (s *Store) ResourceCounts(ctx context.Context) ([]store.ResourceCount, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, account, type, COUNT(*) FROM resources GROUP BY source, account, type ORDER BY source, account, type`)
	if err != nil {
		return nil, fmt.Errorf("count resources: %w", err)
	}
	defer rows.Close()
	var out []store.ResourceCount
	for rows.Next() {
		var c store.ResourceCount
		if err := rows.Scan(&c.Source, &c.Account, &c.Type, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RecordReport implements store.Store.
func (s *Store) RecordReport(ctx context.Context, run store.ReportRun) error {
	_, err := s.db.ExecContext(ctx, s.q(`INSERT INTO report_runs (kind, framework, at, duration_ms, scans, findings, bytes, key_fingerprint) VALUES (?,?,?,?,?,?,?,?)`),
		run.Kind, run.Framework, ts(run.At), run.Duration.Milliseconds(), run.Scans, run.Findings, run.Bytes, run.KeyFingerprint)
	if err != nil {
		return fmt.Errorf("record report run: %w", err)
	}
	return nil
}

// ReportRuns implements store.Store.
func (s *Store) ReportRuns(ctx context.Context, since time.Time) ([]store.ReportRun, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT kind, framework, at, duration_ms, scans, findings, bytes, key_fingerprint FROM report_runs WHERE at >= ? ORDER BY at, seq`), ts(since))
	if err != nil {
		return nil, fmt.Errorf("list report runs: %w", err)
	}
	defer rows.Close()
	var out []store.ReportRun
	for rows.Next() {
		var r store.ReportRun
		var at string
		var ms int64
		if err := rows.Scan(&r.Kind, &r.Framework, &at, &ms, &r.Scans, &r.Findings, &r.Bytes, &r.KeyFingerprint); err != nil {
			return nil, err
		}
		r.At, r.Duration = parseTS(at), time.Duration(ms)*time.Millisecond
		out = append(out, r)
	}
	return out, rows.Err()
}

// ClaimNotify implements store.Store: the state is read, then written
// only if it is still what was read, so of two concurrent claims one
// wins.
func (s *Store) ClaimNotify(ctx context.Context, channel, fingerprint, state string, at time.Time) (store.NotifyState, bool, error) {
	prev := store.NotifyState{Channel: channel, Fingerprint: fingerprint}
	var upd string
	err := s.db.QueryRowContext(ctx, s.q(`SELECT state, ticket, updated_at FROM notify_state WHERE channel = ? AND fingerprint = ?`), channel, fingerprint).Scan(&prev.State, &prev.Ticket, &upd)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return prev, false, fmt.Errorf("read notification state of %s for %s: %w", fingerprint, channel, err)
	default:
		prev.UpdatedAt = parseTS(upd)
	}
	if prev.State == state {
		return prev, false, nil
	}
	res, err := s.db.ExecContext(ctx, s.q(`INSERT INTO notify_state (channel, fingerprint, state, ticket, updated_at) VALUES (?,?,?,'',?)
		ON CONFLICT (channel, fingerprint) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at WHERE notify_state.state = ?`),
		channel, fingerprint, state, ts(at), prev.State)
	if err != nil {
		return prev, false, fmt.Errorf("claim notification of %s for %s: %w", fingerprint, channel, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return prev, false, fmt.Errorf("claim notification of %s for %s: %w", fingerprint, channel, err)
	}
	return prev, n == 1, nil
}

// SetTicket implements store.Store.
func (s *Store) SetTicket(ctx context.Context, channel, fingerprint, ticket string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE notify_state SET ticket = ? WHERE channel = ? AND fingerprint = ?`), ticket, channel, fingerprint); err != nil {
		return fmt.Errorf("record ticket %s of %s for %s: %w", ticket, fingerprint, channel, err)
	}
	return nil
}

// NotifyStates implements store.Store.
func (s *Store) NotifyStates(ctx context.Context, channel string) ([]store.NotifyState, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT channel, fingerprint, state, ticket, updated_at FROM notify_state WHERE channel = ? ORDER BY fingerprint`), channel)
	if err != nil {
		return nil, fmt.Errorf("list notification states of %s: %w", channel, err)
	}
	defer rows.Close()
	var out []store.NotifyState
	for rows.Next() {
		var n store.NotifyState
		var at string
		if err := rows.Scan(&n.Channel, &n.Fingerprint, &n.State, &n.Ticket, &at); err != nil {
			return nil, err
		}
		n.UpdatedAt = parseTS(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// RecordDelivery implements store.Store.
func (s *Store) RecordDelivery(ctx context.Context, d store.Delivery) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, s.q(`INSERT INTO notify_deliveries (channel, kind, fingerprint, action, change, owner, summary, status, attempts, last_error, created_at, updated_at, holder) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING seq`),
		d.Channel, d.Kind, d.Fingerprint, d.Action, d.Change, d.Owner, d.Summary, d.Status, d.Attempts, d.LastError, ts(d.CreatedAt), ts(d.UpdatedAt), d.Holder).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("log delivery to %s: %w", d.Channel, err)
	}
	return id, nil
}

// UpdateDelivery implements store.Store.
func (s *Store) UpdateDelivery(ctx context.Context, d store.Delivery) error {
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE notify_deliveries SET status = ?, attempts = ?, last_error = ?, updated_at = ? WHERE seq = ?`),
		d.Status, d.Attempts, d.LastError, ts(d.UpdatedAt), d.ID); err != nil {
		return fmt.Errorf("update delivery %d to %s: %w", d.ID, d.Channel, err)
	}
	return nil
}

// deliveryColumns are the columns scanDeliveries reads, in order.
const deliveryColumns = `seq, channel, kind, fingerprint, action, change, owner, summary, status, attempts, last_error, created_at, updated_at, holder`

// ClaimDeliveries implements store.Store: one UPDATE, so a delivery
// changes status for one caller only.
func (s *Store) ClaimDeliveries(ctx context.Context, channel, holder, from, to string, at time.Time) ([]store.Delivery, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`UPDATE notify_deliveries SET status = ?, updated_at = ?, holder = ? WHERE channel = ? AND status = ? RETURNING `+deliveryColumns),
		to, ts(at), holder, channel, from)
	if err != nil {
		return nil, fmt.Errorf("claim %s deliveries of %s: %w", from, channel, err)
	}
	out, err := scanDeliveries(rows)
	slices.SortFunc(out, func(a, b store.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// KeepNotifier implements store.Store.
func (s *Store) KeepNotifier(ctx context.Context, holder string, until time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO notifier_leases (holder, until) VALUES (?, ?) ON CONFLICT (holder) DO UPDATE SET until = excluded.until`), holder, ts(until)); err != nil {
		return fmt.Errorf("keep notifier %s alive: %w", holder, err)
	}
	return nil
}

// DropNotifier implements store.Store.
func (s *Store) DropNotifier(ctx context.Context, holder string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM notifier_leases WHERE holder = ?`), holder); err != nil {
		return fmt.Errorf("drop notifier %s: %w", holder, err)
	}
	return nil
}

// ClaimOrphans implements store.Store. Lapsed leases are deleted on the
// way: they name processes that are gone.
func (s *Store) ClaimOrphans(ctx context.Context, channel, holder string, at time.Time) ([]store.Delivery, error) {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM notifier_leases WHERE until < ?`), ts(at)); err != nil {
		return nil, fmt.Errorf("claim orphaned deliveries of %s: %w", channel, err)
	}
	rows, err := s.db.QueryContext(ctx, s.q(`UPDATE notify_deliveries SET holder = ?, updated_at = ?
WHERE channel = ? AND status IN (?, ?) AND NOT (status = ? AND action = 'digest') AND holder <> ?
AND NOT EXISTS (SELECT 1 FROM notifier_leases l WHERE l.holder = notify_deliveries.holder)
RETURNING `+deliveryColumns),
		holder, ts(at), channel, store.DeliveryPending, store.DeliveryRetrying, store.DeliveryPending, holder)
	if err != nil {
		return nil, fmt.Errorf("claim orphaned deliveries of %s: %w", channel, err)
	}
	out, err := scanDeliveries(rows)
	slices.SortFunc(out, func(a, b store.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// Deliveries implements store.Store.
func (s *Store) Deliveries(ctx context.Context, q store.DeliveryQuery) ([]store.Delivery, error) {
	query := `SELECT ` + deliveryColumns + ` FROM notify_deliveries WHERE 1=1`
	var args []any
	for _, f := range []struct{ col, v string }{{"channel", q.Channel}, {"action", q.Action}, {"status", q.Status}} {
		if f.v != "" {
			query += ` AND ` + f.col + ` = ?`
			args = append(args, f.v)
		}
	}
	query += ` ORDER BY updated_at DESC, seq DESC`
	if q.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return scanDeliveries(rows)
}

// scanDeliveries reads rows of deliveryColumns and closes them.
func scanDeliveries(rows *sql.Rows) ([]store.Delivery, error) {
	defer rows.Close()
	var out []store.Delivery
	for rows.Next() {
		var d store.Delivery
		var created, updated string
		if err := rows.Scan(&d.ID, &d.Channel, &d.Kind, &d.Fingerprint, &d.Action, &d.Change, &d.Owner, &d.Summary, &d.Status, &d.Attempts, &d.LastError, &created, &updated, &d.Holder); err != nil {
			return nil, err
		}
		d.CreatedAt, d.UpdatedAt = parseTS(created), parseTS(updated)
		out = append(out, d)
	}
	return out, rows.Err()
}

// CountEvents implements store.Store.
func (s *Store) CountEvents(ctx context.Context, q store.EventCount) (int, error) {
	query := `SELECT COUNT(*) FROM finding_events WHERE 1=1`
	var args []any
	if q.Event != "" {
		query, args = query+` AND event = ?`, append(args, q.Event)
	}
	if q.Severity != "" {
		query, args = query+` AND severity = ?`, append(args, q.Severity)
	}
	if !q.After.IsZero() {
		query, args = query+` AND at > ?`, append(args, ts(q.After))
	}
	if !q.Until.IsZero() {
		query, args = query+` AND at <= ?`, append(args, ts(q.Until))
	}
	var n int
	if err := s.db.QueryRowContext(ctx, s.q(query), args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count finding events: %w", err)
	}
	return n, nil
}
