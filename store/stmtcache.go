package store

import (
	"context"
	"database/sql"
	"sync"
)

// wtx is a write transaction whose statements are prepared once and
// reused: parsing SQL was 6% of a crawl's CPU when every statement of
// every article was prepared afresh. Its methods have *sql.Tx's
// signatures. Only single statements go through the cache; a migration's
// multi-statement script uses Raw.
type wtx struct {
	tx    *sql.Tx
	cache *stmtCache
	fts   *ftsQueue // articles to index before the commit (ftsqueue.go)
}

// Raw is the underlying transaction.
func (t *wtx) Raw() *sql.Tx { return t.tx }

func (t *wtx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if s := t.cache.get(ctx, query); s != nil {
		return t.tx.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.tx.ExecContext(ctx, query, args...)
}

func (t *wtx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if s := t.cache.get(ctx, query); s != nil {
		return t.tx.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}

func (t *wtx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := t.cache.get(ctx, query); s != nil {
		return t.tx.StmtContext(ctx, s).QueryContext(ctx, args...)
	}
	return t.tx.QueryContext(ctx, query, args...)
}

func (t *wtx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, query)
}

// stmtCache holds statements prepared on the pool; database/sql keeps
// each one prepared on every connection it has run on.
type stmtCache struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// stmtCacheMax bounds the cache: queries built at run time (PRAGMA
// user_version = N) would otherwise fill it.
const stmtCacheMax = 64

// get returns the prepared statement for query, or nil when it cannot be
// prepared (the caller then runs the query unprepared and reports its
// error) or the cache is full.
func (c *stmtCache) get(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.stmts[query]; ok {
		return s
	}
	if len(c.stmts) >= stmtCacheMax {
		return nil
	}
	s, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if c.stmts == nil {
		c.stmts = map[string]*sql.Stmt{}
	}
	c.stmts[query] = s
	return s
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.stmts {
		s.Close()
	}
	c.stmts = nil
}

// queryRow runs a read on the pool through the statement cache: the
// lookups the crawl makes for every page (last capture, article by URL).
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s := db.stmts.get(ctx, query); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return db.sql.QueryRowContext(ctx, query, args...)
}
