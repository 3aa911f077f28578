package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite"
)

// readerDSNParams are the product's connection pragmas (store/db.go)
// without _txlock=immediate, which would make every read transaction
// take the write lock.
const readerDSNParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"

func dsn(path, params string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: params}
	return u.String()
}

// openArchive opens an archive for the harness's checks.
func openArchive(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(path, readerDSNParams))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// integrity runs SQLite's integrity check, the FTS5 index check and the
// foreign key check on a fresh connection to the archive at path, as
// sqlite3 would. (A connection that stayed open while another process
// wrote can report false FTS5 corruption from PRAGMA integrity_check;
// the overlap-signals scenario shows it.) detail says what failed, or "ok".
func integrity(ctx context.Context, path string) (bool, string) {
	db, err := openArchive(path)
	if err != nil {
		return false, "open: " + err.Error()
	}
	defer db.Close()
	return integrityOn(ctx, db)
}

func integrityOn(ctx context.Context, db *sql.DB) (bool, string) {
	var res []string
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return false, "integrity_check: " + err.Error()
	}
	for rows.Next() {
		var s string
		rows.Scan(&s)
		res = append(res, s)
	}
	rows.Close()
	if len(res) != 1 || res[0] != "ok" {
		return false, "integrity_check: " + firstN(res, 3)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)"); err != nil {
		return false, "fts integrity-check: " + err.Error()
	}
	var fk int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil {
		return false, "foreign_key_check: " + err.Error()
	}
	if fk != 0 {
		return false, fmt.Sprintf("foreign_key_check: %d violations", fk)
	}
	return true, "integrity_check ok, FTS integrity-check ok, 0 foreign key violations"
}

func count(ctx context.Context, db *sql.DB, q string, args ...any) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, err
}

// archiveCheck compares the articles of an archive with the pages a site
// published (absolute URLs).
type archiveCheck struct {
	expected   int
	archived   int      // expected pages found among canonical URLs
	lost       []string // expected but absent
	unexpected []string // archived but not expected
	duplicated int      // rows beyond one per canonical URL + extra storing fetches
	errors     int      // fetch rows with an error
	articles   int      // rows in articles
	fetches    int
}

// readArchive opens the archive at path, checks its articles against
// want and adds the counts to r. On failure it records why in r and
// returns nil; otherwise the caller closes the returned database.
func readArchive(ctx context.Context, r *result, path string, want []string) (*sql.DB, *archiveCheck) {
	db, err := openArchive(path)
	if err != nil {
		r.fail("open archive: %v", err)
		return nil, nil
	}
	c, err := checkArticles(ctx, db, want)
	if err != nil {
		db.Close()
		r.fail("read archive: %v", err)
		return nil, nil
	}
	c.fill(r)
	return db, c
}

func checkArticles(ctx context.Context, db *sql.DB, want []string) (*archiveCheck, error) {
	c := &archiveCheck{expected: len(want)}
	rows, err := db.QueryContext(ctx, "SELECT canonical_url, url FROM articles")
	if err != nil {
		return nil, err
	}
	got := map[string]int{}
	for rows.Next() {
		var canon, u string
		if err := rows.Scan(&canon, &u); err != nil {
			rows.Close()
			return nil, err
		}
		got[canon]++
		c.articles++
	}
	rows.Close()
	wantSet := make(map[string]bool, len(want))
	for _, w := range want {
		wantSet[w] = true
		if got[w] > 0 {
			c.archived++
		} else {
			c.lost = append(c.lost, w)
		}
	}
	for g, n := range got {
		if !wantSet[g] {
			c.unexpected = append(c.unexpected, g)
		}
		c.duplicated += n - 1
	}
	// An article stored by two fetches was fetched (and written) twice.
	var twice int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM fetches
		WHERE article_id IS NOT NULL GROUP BY article_id HAVING n > 1)`).Scan(&twice); err != nil {
		return nil, err
	}
	c.duplicated += twice
	if c.errors, err = count(ctx, db, "SELECT count(*) FROM fetches WHERE error IS NOT NULL"); err != nil {
		return nil, err
	}
	if c.fetches, err = count(ctx, db, "SELECT count(*) FROM fetches"); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *archiveCheck) fill(r *result) {
	r.Expected, r.Archived, r.Lost, r.Duplicated, r.Errors = c.expected, c.archived, len(c.lost), c.duplicated, c.errors
}

// fetchRow is one row of the fetch log, reduced.
type fetchRow struct {
	runID  int64
	status int
	stored bool
	err    string
}

// fetchLog returns the fetch log grouped by URL, in insertion order.
func fetchLog(ctx context.Context, db *sql.DB) (map[string][]fetchRow, error) {
	rows, err := db.QueryContext(ctx, "SELECT url, coalesce(run_id, 0), coalesce(status, 0), article_id IS NOT NULL, coalesce(error, '') FROM fetches ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]fetchRow{}
	for rows.Next() {
		var u string
		var f fetchRow
		if err := rows.Scan(&u, &f.runID, &f.status, &f.stored, &f.err); err != nil {
			return nil, err
		}
		out[u] = append(out[u], f)
	}
	return out, rows.Err()
}

// runIDs returns the crawl run ids in order, with their status.
func runIDs(ctx context.Context, db *sql.DB) ([]int64, []string, error) {
	rows, err := db.QueryContext(ctx, "SELECT id, status FROM crawl_runs ORDER BY id")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var st []string
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
		st = append(st, s)
	}
	return ids, st, rows.Err()
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

func mib(n int64) string { return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20)) }
