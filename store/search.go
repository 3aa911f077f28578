package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Filter selects articles by site and publication day. Its zero value
// selects every article.
//
// Since and Until compare with the day the publisher stated,
// substr(published_at, 1, 10), so "2021-12-13T23:30:00-05:00" is on
// 2021-12-13 whatever the UTC day; an article without a publication date
// is left out whenever Since or Until is set.
type Filter struct {
	Site  string // exact site ("londondaily.example"); "" for every site
	Since string // YYYY-MM-DD, inclusive; "" for no lower bound
	Until string // YYYY-MM-DD, inclusive; "" for no upper bound
}

// DayLayout is the layout of Filter.Since and Filter.Until.
const DayLayout = "2006-01-02"

// Check reports a Since or Until that is not a YYYY-MM-DD day, or a range
// that ends before it starts, as an error wrapping [ErrInvalid].
func (f Filter) Check() error {
	for _, d := range []struct{ name, val string }{{"since", f.Since}, {"until", f.Until}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse(DayLayout, d.val); err != nil {
			return fmt.Errorf("%s %q is not a day like 2024-03-31: %w", d.name, d.val, ErrInvalid)
		}
	}
	if f.Since != "" && f.Until != "" && f.Until < f.Since {
		return fmt.Errorf("until %s is before since %s: %w", f.Until, f.Since, ErrInvalid)
	}
	return nil
}

// where returns SQL conditions (each starting with " AND ") on the articles
// table aliased as a, and their arguments.
func (f Filter) where() (string, []any) {
	var b strings.Builder
	var args []any
	if f.Site != "" {
		b.WriteString(" AND a.site = ?")
		args = append(args, f.Site)
	}
	if f.Since != "" {
		b.WriteString(" AND substr(a.published_at, 1, 10) >= ?")
		args = append(args, f.Since)
	}
	if f.Until != "" {
		b.WriteString(" AND substr(a.published_at, 1, 10) <= ?")
		args = append(args, f.Until)
	}
	return b.String(), args
}

// SearchOptions narrow and size a search. The zero value returns the
// best DefaultSearchLimit hits among all articles.
type SearchOptions struct {
	Filter
	Limit int // hits to return; 0 means DefaultSearchLimit
}

// DefaultSearchLimit is the number of hits a search returns by default.
const DefaultSearchLimit = 20

// Hit is one article matching a search.
type Hit struct {
	ID          int64   `json:"id"`
	Site        string  `json:"site"`
	Headline    string  `json:"headline"`
	PublishedAt string  `json:"published_at"` // as stated; "" when unknown
	URL         string  `json:"url"`          // canonical URL
	Snippet     string  `json:"snippet"`      // matched terms in [brackets]
	Rank        float64 `json:"rank"`         // bm25: lower (more negative) is better
	WordCount   int     `json:"word_count"`
	FirstSeenAt string  `json:"first_seen_at"`
}

// SearchResult is a page of hits and the number of articles that match in
// all.
type SearchResult struct {
	Hits  []Hit
	Total int
}

// Snippet markup: matched tokens are put in brackets, cut text is marked
// with an ellipsis, and a snippet holds up to snippetTokens tokens.
const (
	snippetOpen   = "["
	snippetClose  = "]"
	snippetEllips = "…"
	snippetTokens = 24
)

// Search returns the articles matching query, an FTS5 query
// (https://sqlite.org/fts5.html#full_text_query_syntax: words, "phrases",
// prefix*, AND, OR, NOT, NEAR(...), headline:word), best first. Ranking is
// the index's configured bm25, which weighs the headline ten times and
// the standfirst four times the body. A query that is not valid FTS5
// syntax gives an error wrapping [ErrBadQuery]; [PlainQuery] turns typed
// words into a query that cannot be.
func (db *DB) Search(ctx context.Context, query string, opts SearchOptions) (*SearchResult, error) {
	if strings.TrimSpace(query) == "" {
		return nil, fmt.Errorf("%w: empty query", ErrBadQuery)
	}
	if err := opts.Check(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	limit := opts.Limit
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	cond, args := opts.where()
	// Both queries in one read transaction, so the total counts the hits'
	// snapshot. Read-only: a plain BEGIN would take the write lock.
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("search: begin: %w", err)
	}
	defer tx.Rollback()

	from := `FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
		WHERE articles_fts MATCH ?` + cond
	res := &SearchResult{Hits: []Hit{}}
	countArgs := append([]any{query}, args...)
	if err := tx.QueryRowContext(ctx, `SELECT count(*) `+from, countArgs...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("search: %w", queryError(query, err))
	}
	if res.Total == 0 {
		return res, nil
	}
	// snippet column -1 lets FTS5 pick the column with the best match.
	// ORDER BY rank uses the bm25 weights stored by migration 0003.
	q := `SELECT a.id, a.site, a.headline, a.published_at, a.canonical_url,
		snippet(articles_fts, -1, ?, ?, ?, ?), articles_fts.rank, a.word_count,
		a.first_seen_at ` + from + `
		ORDER BY articles_fts.rank, a.id
		LIMIT ?`
	all := append([]any{snippetOpen, snippetClose, snippetEllips, snippetTokens}, countArgs...)
	all = append(all, limit)
	rows, err := tx.QueryContext(ctx, q, all...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", queryError(query, err))
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var published sql.NullString
		if err := rows.Scan(&h.ID, &h.Site, &h.Headline, &published, &h.URL,
			&h.Snippet, &h.Rank, &h.WordCount, &h.FirstSeenAt); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		h.PublishedAt = published.String
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		// FTS5 reports some syntax errors only when the first row is read.
		return nil, fmt.Errorf("search: %w", queryError(query, err))
	}
	return res, nil
}
