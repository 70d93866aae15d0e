package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

var _ store.Browser = (*Store)(nil)

// conds collects a WHERE clause and its arguments.
type conds struct {
	where []string
	args  []any
}

func (c *conds) add(cond string, args ...any) {
	c.where = append(c.where, cond)
	c.args = append(c.args, args...)
}

// equal keeps rows whose col is v, when v is set.
func (c *conds) equal(col, v string) {
	if v != "" {
		c.add(col+" = ?", v)
	}
}

func (c *conds) sql() string {
	if len(c.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.where, " AND ")
}

// likeEscaped escapes LIKE's wildcards in s (the query says ESCAPE '\').
func likeEscaped(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// visible keeps the rows v covers (typeCol tells Kubernetes rows:
// their types start with "k8s.").
func (c *conds) visible(v *store.Visibility, typeCol string) {
	if v == nil {
		return
	}
	in := func(col string, vals []string) string {
		if len(vals) == 0 {
			return "1 = 0"
		}
		c.args = append(c.args, anys(vals)...)
		return col + " IN (" + placeholders(len(vals)) + ")"
	}
	if v.Accounts != nil {
		c.where = append(c.where, "("+typeCol+" NOT LIKE 'k8s.%' AND "+in("scope_account", v.Accounts)+")")
	}
	if v.Clusters != nil {
		c.where = append(c.where, "("+typeCol+" LIKE 'k8s.%' AND "+in("scope_account", v.Clusters)+")")
	}
	if v.Namespaces != nil {
		c.where = append(c.where, "("+typeCol+" LIKE 'k8s.%' AND "+in("namespace", v.Namespaces)+")")
	}
}

// FindingsAfter implements store.Browser.
func (s *Store) FindingsAfter(ctx context.Context, q store.KeysetQuery) ([]model.Finding, error) {
	var c conds
	switch len(q.Statuses) {
	case 0:
	case 1:
		c.add("status = ?", q.Statuses[0])
	default:
		c.add("status IN ("+placeholders(len(q.Statuses))+")", anys(q.Statuses)...)
	}
	if q.MinSeverity > 0 {
		c.add("severity >= ?", int(q.MinSeverity))
	}
	if q.Severity > 0 {
		c.add("severity = ?", int(q.Severity))
	}
	c.equal("rule_id", q.RuleID)
	c.equal("source", q.Source)
	c.equal("scope_account", q.Account)
	c.equal("namespace", q.Namespace)
	c.equal("resource_type", q.ResourceType)
	if q.Framework != "" {
		c.add(`compliance LIKE ? ESCAPE '\'`, `%"framework":"`+likeEscaped(q.Framework)+`"%`)
	}
	var from string
	if q.Text != "" {
		cond, args, hint, err := s.textFilter(ctx, q.Text)
		if err != nil {
			return nil, err
		}
		c.add(cond, args...)
		from = hint
	}
	if q.Combinations {
		c.add("members <> ''")
	}
	c.visible(q.Visible, "resource_type")
	var order string
	switch q.Sort {
	case store.SortRisk, "":
		order = "risk_score DESC, severity DESC, fingerprint DESC"
		if k := q.After; k != nil {
			c.add("(risk_score, severity, fingerprint) < (?, ?, ?)", k.Risk, int(k.Severity), k.Fingerprint)
		}
	case store.SortSeverity:
		order = "severity DESC, risk_score DESC, fingerprint DESC"
		if k := q.After; k != nil {
			c.add("(severity, risk_score, fingerprint) < (?, ?, ?)", int(k.Severity), k.Risk, k.Fingerprint)
		}
	case store.SortFirstSeen:
		order = "first_seen, fingerprint"
		if k := q.After; k != nil {
			c.add("(first_seen, fingerprint) > (?, ?)", ts(k.FirstSeen), k.Fingerprint)
		}
	default:
		return nil, fmt.Errorf("list findings: unknown sort %q (use %s, %s or %s)", q.Sort, store.SortRisk, store.SortSeverity, store.SortFirstSeen)
	}
	query := selectFindings + from + c.sql() + " ORDER BY " + order
	if q.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), c.args...)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	defer rows.Close()
	out := make([]model.Finding, 0, max(q.Limit, 0))
	for rows.Next() {
		sf, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sf.Finding)
	}
	return out, rows.Err()
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Finding implements store.Browser.
func (s *Store) Finding(ctx context.Context, fingerprint string) (*model.Finding, error) {
	sf, err := scanFinding(s.db.QueryRowContext(ctx, s.q(selectFindings+` WHERE fingerprint = ?`), fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read finding %s: %w", fingerprint, err)
	}
	return &sf.Finding, nil
}

// FindingPartitions implements store.Browser.
func (s *Store) FindingPartitions(ctx context.Context) ([]store.Partition, error) {
	return s.partitions(ctx, "findings", "resource_type")
}

// ResourcePartitions implements store.Browser.
func (s *Store) ResourcePartitions(ctx context.Context) ([]store.Partition, error) {
	return s.partitions(ctx, "resources", "type")
}

func (s *Store) partitions(ctx context.Context, table, typeCol string) ([]store.Partition, error) {
	// Kubernetes rows by cluster and namespace; the others by account
	// (their namespace column holds account/region).
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT scope_account, namespace, 1 FROM `+table+` WHERE `+typeCol+` LIKE 'k8s.%'
UNION SELECT DISTINCT scope_account, '', 0 FROM `+table+` WHERE `+typeCol+` NOT LIKE 'k8s.%'`)
	if err != nil {
		return nil, fmt.Errorf("list partitions of %s: %w", table, err)
	}
	defer rows.Close()
	var out []store.Partition
	for rows.Next() {
		var p store.Partition
		var k8s int
		if err := rows.Scan(&p.Account, &p.Namespace, &k8s); err != nil {
			return nil, err
		}
		p.K8s = k8s == 1
		out = append(out, p)
	}
	return out, rows.Err()
}

// ResourcesAfter implements store.Browser.
func (s *Store) ResourcesAfter(ctx context.Context, q store.ResourceQuery) ([]*model.Resource, error) {
	var c conds
	c.equal("type", q.Type)
	c.equal("scope_account", q.Account)
	c.equal("namespace", q.Namespace)
	c.visible(q.Visible, "type")
	if q.After != "" {
		c.add("id > ?", q.After)
	}
	query := `SELECT doc FROM resources` + c.sql() + ` ORDER BY id`
	if q.Limit > 0 {
		query += " LIMIT " + strconv.Itoa(q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, s.q(query), c.args...)
	if err != nil {
		return nil, fmt.Errorf("list resources: %w", err)
	}
	defer rows.Close()
	out := make([]*model.Resource, 0, max(q.Limit, 0))
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		r := &model.Resource{}
		if err := json.Unmarshal([]byte(doc), r); err != nil {
			return nil, fmt.Errorf("decode a stored resource: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
