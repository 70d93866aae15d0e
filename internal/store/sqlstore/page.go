package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

var _ store.Pager = (*Store)(nil)

// pageOrders are the ORDER BY clauses of PageQuery.Order.
var pageOrders = map[string]string{
	"":         "risk_score DESC, severity DESC, fingerprint",
	"risk":     "risk_score DESC, severity DESC, fingerprint",
	"severity": "severity DESC, risk_score DESC, fingerprint",
	"age":      "first_seen, risk_score DESC, fingerprint",
	"rule":     "rule_id, risk_score DESC, fingerprint",
}

// FindingsPage implements store.Pager: the filters, the count and the
// page are all answered by the database.
func (s *Store) FindingsPage(ctx context.Context, q store.PageQuery) ([]model.Finding, int, error) {
	order, ok := pageOrders[q.Order]
	if !ok {
		return nil, 0, fmt.Errorf("list findings: order %q: use risk, severity, age or rule", q.Order)
	}
	if q.Limit <= 0 || q.Offset < 0 {
		return nil, 0, fmt.Errorf("list findings: a page needs a size above 0 (got %d) and an offset of 0 or more (got %d)", q.Limit, q.Offset)
	}
	where, args := findingsWhere(q.Query)
	var from string
	if q.Text != "" {
		cond, targs, hint, err := s.textFilter(ctx, q.Text)
		if err != nil {
			return nil, 0, err
		}
		from = hint
		if where == "" {
			where = " WHERE " + cond
		} else {
			where += " AND " + cond
		}
		args = append(args, targs...)
	}
	var total int
	if err := s.db.QueryRowContext(ctx, s.q("SELECT COUNT(*) FROM findings"+from+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count findings: %w", err)
	}
	query := selectFindings + from + where + " ORDER BY " + order + " LIMIT " + strconv.Itoa(q.Limit) + " OFFSET " + strconv.Itoa(q.Offset)
	rows, err := s.db.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list findings: %w", err)
	}
	defer rows.Close()
	var out []model.Finding
	for rows.Next() {
		sf, err := scanFinding(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, sf.Finding)
	}
	return out, total, rows.Err()
}
