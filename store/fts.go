package store

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
)

// The full-text index articles_fts (migration 0003) is an FTS5
// external-content table over articles' headline, standfirst and body,
// tokenized by the built-in unicode61 tokenizer with remove_diacritics 2,
// so any SQLite with FTS5 (sqlite3, Python, Datasette) can query it. The
// store never writes it directly: triggers on articles keep it in step with
// every insert, delete and change of those columns, whoever makes it.

// ErrBadQuery is wrapped by [DB.Search] errors for a query that is not
// valid FTS5 syntax, so a command can tell its user to fix the query
// rather than report a failure of the archive.
var ErrBadQuery = errors.New("bad full-text query")

// CheckFTS verifies that the full-text index matches the articles table
// (FTS5's integrity-check with the content table compared). It returns nil
// when the index is sound.
func (db *DB) CheckFTS(ctx context.Context) error {
	// The rank argument 1 makes integrity-check compare the index with the
	// content table, not only with itself.
	if _, err := db.sql.ExecContext(ctx,
		`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		return fmt.Errorf("check full-text index: %w", err)
	}
	return nil
}

// RebuildFTS rebuilds the full-text index from the articles table. It is
// the repair for an index that [DB.CheckFTS] reports as broken, for
// example after articles were written by a program that had the triggers
// disabled.
func (db *DB) RebuildFTS(ctx context.Context) error {
	err := db.writeTx(ctx, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')`)
		return err
	})
	if err != nil {
		return fmt.Errorf("rebuild full-text index: %w", err)
	}
	return nil
}

// PlainQuery turns words as a person types them into an FTS5 query that
// matches articles containing all of them: each whitespace-separated word
// becomes a quoted string, so punctuation such as "covid-19", "U.S." or
// "AT&T" is searched for rather than read as query syntax ("covid-19"
// unquoted means column "19" to FTS5).
func PlainQuery(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(words, " ")
}

// queryError turns SQLite's complaint about a MATCH expression into an
// error wrapping ErrBadQuery: "fts5: syntax error near ...", "no such
// column: 19" (FTS5 reads "covid-19" as column 19), "unterminated string",
// "unknown special query". Other errors are passed through as they are.
func queryError(query string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != 1 { // SQLITE_ERROR
		return err
	}
	msg := strings.TrimPrefix(se.Error(), "SQL logic error: ")
	msg = strings.TrimSuffix(msg, " (1)")
	for _, p := range []string{"fts5: ", "no such column: ", "unterminated string", "unknown special query"} {
		if strings.HasPrefix(msg, p) {
			return fmt.Errorf("%w %q: %s", ErrBadQuery, query, msg)
		}
	}
	return err
}
