package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// TextIndex is how a database indexes the findings' text search (a
// case-insensitive substring of title, message, rule id or resource id).
type TextIndex int

const (
	// TextScan has no index: every finding's columns are read.
	TextScan TextIndex = iota
	// TextFTS5 keeps a trigram full-text table (SQLite's FTS5) in step
	// with the findings by triggers, keyed by the findings' rowid.
	TextFTS5
	// TextTrigram indexes the joined text with pg_trgm (PostgreSQL);
	// where the extension cannot be created the migration leaves the
	// index out and the same condition is answered by a scan.
	TextTrigram
)

// findingText is what the search reads of a finding: four columns
// joined by a unit separator, which nobody types, so a match never
// spans two of them.
const (
	findingTextSQLite = `new.title || char(31) || new.message || char(31) || new.rule_id || char(31) || new.resource_id`
	findingTextPG     = `lower(title || chr(31) || message || chr(31) || rule_id || chr(31) || resource_id)`
)

// textIndexSQL is the migration's {{text_index}} for i.
func textIndexSQL(i TextIndex) string {
	switch i {
	case TextFTS5:
		text := findingTextSQLite
		cols := strings.ReplaceAll(text, "new.", "")
		return `CREATE VIRTUAL TABLE findings_text USING fts5(body, tokenize = 'trigram');
INSERT INTO findings_text (rowid, body) SELECT rowid, ` + cols + ` FROM findings;
CREATE TRIGGER findings_text_insert AFTER INSERT ON findings BEGIN
  INSERT INTO findings_text (rowid, body) VALUES (new.rowid, ` + text + `);
END;
CREATE TRIGGER findings_text_update AFTER UPDATE OF title, message, rule_id, resource_id ON findings
WHEN old.title <> new.title OR old.message <> new.message OR old.rule_id <> new.rule_id OR old.resource_id <> new.resource_id BEGIN
  DELETE FROM findings_text WHERE rowid = old.rowid;
  INSERT INTO findings_text (rowid, body) VALUES (new.rowid, ` + text + `);
END;
CREATE TRIGGER findings_text_delete AFTER DELETE ON findings BEGIN
  DELETE FROM findings_text WHERE rowid = old.rowid;
END;`
	case TextTrigram:
		return `DO $$ BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): the findings text search reads every finding', SQLERRM;
END $$;
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX findings_text ON findings USING gin ((` + findingTextPG + `) gin_trgm_ops);
  END IF;
END $$;`
	}
	return ""
}

// textFilter is the WHERE condition, with its arguments, keeping the
// findings whose title, message, rule id or resource id contain text,
// ignoring case; and what follows "FROM findings" in the query.
//
// On SQLite the planner knows nothing of how many findings match, so
// the matches are counted first, up to a bound, and the plan follows:
// a few are listed by the text index, read by rowid and sorted (NOT
// INDEXED leaves rowid lookups alone); for more, the ordering index is
// walked until the page is full and each finding's text is tested in
// the narrow text table, never in the finding's own (wide) row — the
// walk is short when matches are common, and at worst reads the text
// table once.
func (s *Store) textFilter(ctx context.Context, text string) (cond string, args []any, from string, err error) {
	like := "%" + likeEscaped(strings.ToLower(text)) + "%"
	switch s.d.TextIndex {
	case TextFTS5:
		// The trigram index answers a phrase of three characters or
		// more; shorter text is looked for in the narrow table.
		match := `findings_text MATCH ?`
		arg := any(`"` + strings.ReplaceAll(text, `"`, `""`) + `"`)
		if utf8.RuneCountInString(text) < 3 {
			match, arg = `body LIKE ? ESCAPE '\'`, like
		}
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM findings_text WHERE `+match+` LIMIT ?)`, arg, fewMatches+1).Scan(&n); err != nil {
			return "", nil, "", fmt.Errorf("search findings: %w", err)
		}
		if n <= fewMatches {
			return `rowid IN (SELECT rowid FROM findings_text WHERE ` + match + `)`, []any{arg}, " NOT INDEXED", nil
		}
		// LOWER keeps the test from being handed to the text index,
		// which would answer it for the whole table on every row.
		return `EXISTS (SELECT 1 FROM findings_text WHERE findings_text.rowid = findings.rowid AND LOWER(body) LIKE ? ESCAPE '\')`, []any{like}, "", nil
	case TextTrigram:
		return findingTextPG + ` LIKE ? ESCAPE '\'`, []any{like}, "", nil
	}
	return `(LOWER(title) LIKE ? ESCAPE '\' OR LOWER(message) LIKE ? ESCAPE '\' OR LOWER(rule_id) LIKE ? ESCAPE '\' OR LOWER(resource_id) LIKE ? ESCAPE '\')`, []any{like, like, like, like}, "", nil
}

// fewMatches is the most text matches that are read by rowid on SQLite
// (textFilter); a variable so tests can run both plans on a small store.
var fewMatches = 2000
