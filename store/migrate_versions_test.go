package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// archiveAtSchema makes an archive at path as schema version `at` left
// it, and returns it open without the store's migrations.
func archiveAtSchema(t *testing.T, path string, at int) *sql.DB {
	t.Helper()
	dsn, err := dsnFor(path)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	raw.SetMaxOpenConns(1) // one connection, so the pragmas below hold
	ms, _ := migrations()
	raw.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
	for _, m := range ms[:at] {
		if m.noFK {
			raw.Exec(`PRAGMA foreign_keys = OFF`)
		}
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatal(m.name, err)
		}
		raw.Exec(`PRAGMA foreign_keys = ON`)
		raw.Exec(`INSERT INTO schema_migrations VALUES (?, '2026-01-01T00:00:00Z')`, m.version)
	}
	return raw
}

// upgradedArchive makes an archive at schema version at, runs stmts in
// it, and opens it with the store, which upgrades it to the latest.
func upgradedArchive(t *testing.T, at int, stmts ...string) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	raw := archiveAtSchema(t, path, at)
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open schema %d archive: %v", at, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestUpgradeFromSchema3: an archive made at schema version 3 (or 1)
// opens, upgrades to the latest, keeps its rows and gains one version per
// article.
func TestUpgradeFromSchema3(t *testing.T) {
	for _, at := range []int{1, 3} {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "old.db")
		raw := archiveAtSchema(t, path, at)
		ms, _ := migrations()
		if _, err := raw.Exec(`INSERT INTO articles (url, canonical_url, site, headline, body, published_at, published_source,
				extractor_version, first_seen_at, last_seen_at, content_hash)
			VALUES ('https://n.example/a', 'https://n.example/a', 'n.example', 'Old', 'One.', '2026-01-01', 'meta',
				'0.0.1', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', 'h')`); err != nil {
			t.Fatal(err)
		}
		raw.Close()

		db, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("open schema %d archive: %v", at, err)
		}
		vs, err := db.ArticleVersions(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != 1 || vs[0].Origin != "migration" || vs[0].Headline != "Old" || vs[0].Sources["published_at"] != "meta" {
			t.Errorf("schema %d: versions %+v", at, vs)
		}
		if err := db.CheckFTS(ctx); err != nil {
			t.Errorf("schema %d: %v", at, err)
		}
		var uv int
		db.sql.QueryRow(`PRAGMA user_version`).Scan(&uv)
		if uv != len(ms) {
			t.Errorf("user_version %d, want %d", uv, len(ms))
		}
		db.Close()
	}
}

// TestUpgradeFromSchema4 keeps every version's body when schema 5 stops
// storing the current one twice.
func TestUpgradeFromSchema4(t *testing.T) {
	ctx := context.Background()
	db := upgradedArchive(t, 4,
		`INSERT INTO articles (url, canonical_url, site, headline, body, extractor_version, first_seen_at, last_seen_at, content_hash)
			VALUES ('https://n.example/a', 'https://n.example/a', 'n.example', 'H', 'Now.', '1', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', 'h2')`,
		`INSERT INTO article_versions (article_id, version, captured_at, headline, body, extractor_version, content_hash)
			VALUES (1, 1, '2026-01-02T00:00:00Z', 'H', 'Before.', '1', 'h1'), (1, 2, '2026-01-03T00:00:00Z', 'H', 'Now.', '1', 'h2')`)
	vs, err := db.ArticleVersions(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Body != "Before." || vs[1].Body != "Now." {
		t.Fatalf("versions after upgrade: %+v", vs)
	}
	var shared int
	db.sql.QueryRow(`SELECT count(*) FROM article_versions_data WHERE body IS NULL`).Scan(&shared)
	if shared != 1 {
		t.Errorf("%d version rows share the article's body, want 1", shared)
	}
	var n int
	db.sql.QueryRow(`SELECT count(*) FROM article_history`).Scan(&n)
	if n != 2 {
		t.Errorf("article_history has %d rows, want 2", n)
	}
}

// TestUpgradeFromSchema5: articles indexed by schema 5's insert trigger
// stay indexed, and articles stored after the upgrade are indexed once,
// by the writer.
func TestUpgradeFromSchema5(t *testing.T) {
	ctx := context.Background()
	db := upgradedArchive(t, 5,
		`INSERT INTO articles (url, canonical_url, site, headline, body, extractor_version, first_seen_at, last_seen_at, content_hash)
			VALUES ('https://n.example/a', 'https://n.example/a', 'n.example', 'Old harbour', 'One.', '0.0.1', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', 'h')`)
	a := queueArticle("https://n.example/b", "New harbour wall.")
	if _, err := db.SaveFetch(ctx, Fetch{URL: a.URL, Status: 200, FetchedAt: time.Now()}, a); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckFTS(ctx); err != nil {
		t.Fatal(err)
	}
	if n := ftsMatches(t, db, "harbour"); n != 2 {
		t.Errorf("harbour matches %d, want 2", n)
	}
}

// TestUpgradeFromSchema6 rebuilds articles with the body last: every
// column keeps its value, the rows that refer to articles survive the
// drop of the old table (they would go by cascade with foreign keys on),
// and the index and triggers work on the new table.
func TestUpgradeFromSchema6(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	raw := archiveAtSchema(t, path, 6)
	for _, q := range []string{
		`INSERT INTO articles (url, canonical_url, site, kind, headline, standfirst, body, authors,
			published_at, modified_at, published_source, modified_source, language, section, tags,
			image_url, word_count, paywalled, extractor_version, first_seen_at, last_seen_at,
			content_hash, sources, discovered_via, discovered_from, gone_at, gone_reason)
		VALUES ('https://n.example/a?x=1', 'https://n.example/a', 'n.example', 'article', 'Harbour wall', 'Dek.',
			'The harbour wall fell.', '["A. Writer"]', '2026-01-01T09:00:00+01:00', '2026-01-02', 'json-ld', 'meta',
			'en', 'News', '["sea"]', 'https://n.example/a.jpg', 4, 1, '0.0.6', '2026-01-02T00:00:00Z',
			'2026-01-03T00:00:00Z', 'h1', '{"published_at":"json-ld"}', 'feed', 'https://n.example/feed', NULL, NULL)`,
		`INSERT INTO articles_fts (rowid, headline, standfirst, body) SELECT id, headline, standfirst, body FROM articles`,
		`INSERT INTO related_links (article_id, position, url, title) VALUES (1, 0, 'https://n.example/b', 'B')`,
		`INSERT INTO fetches (url, status, fetched_at, kind, article_id) VALUES ('https://n.example/a', 200, '2026-01-02T00:00:00Z', 'article', 1)`,
		`INSERT INTO article_versions_data (article_id, version, captured_at, fetch_id, headline, standfirst, extractor_version, content_hash)
			VALUES (1, 1, '2026-01-02T00:00:00Z', 1, 'Harbour wall', 'Dek.', '0.0.6', 'h1')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	before := rowOf(t, raw, `SELECT * FROM articles`)
	raw.Close()

	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after := rowOf(t, db.sql, `SELECT * FROM articles`)
	if len(after) != len(before) {
		t.Fatalf("%d columns after the upgrade, %d before", len(after), len(before))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s = %v after the upgrade, %v before", k, after[k], v)
		}
	}
	var last string
	db.sql.QueryRow(`SELECT name FROM pragma_table_info('articles') ORDER BY cid DESC LIMIT 1`).Scan(&last)
	if last != "body" {
		t.Errorf("last column %q, want body", last)
	}
	for q, want := range map[string]int{
		`SELECT count(*) FROM related_links WHERE article_id = 1`:                             1,
		`SELECT count(*) FROM fetches WHERE article_id = 1`:                                   1,
		`SELECT count(*) FROM article_versions WHERE body = 'The harbour wall fell.'`:         1,
		`SELECT count(*) FROM daily_captures WHERE with_author = 1`:                           1,
		`SELECT count(*) FROM pragma_index_list('articles')`:                                  4,
		`SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'`: 3,
	} {
		var n int
		if err := db.sql.QueryRow(q).Scan(&n); err != nil || n != want {
			t.Errorf("%s = %d (%v), want %d", q, n, err, want)
		}
	}
	if err := db.CheckFTS(ctx); err != nil {
		t.Fatal(err)
	}
	// The triggers on the new table: a new text keeps the old in its
	// version and replaces it in the index.
	if _, err := db.sql.Exec(`UPDATE articles SET body = 'The pier stands.' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if ftsMatches(t, db, "harbour") != 1 || ftsMatches(t, db, "pier") != 1 || ftsMatches(t, db, "fell") != 0 {
		t.Error("the index did not follow the new body")
	}
	vs, err := db.ArticleVersions(ctx, 1)
	if err != nil || len(vs) != 1 || vs[0].Body != "The harbour wall fell." {
		t.Errorf("version after the body changed: %+v %v", vs, err)
	}
	var fk int
	db.sql.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if fk != 1 {
		t.Error("foreign keys are off after the upgrade")
	}
}

// TestUpgradeWithOrphans: rows another program wrote with foreign keys
// off, pointing to no article, do not block the rebuild of schema 7 (its
// check counts only the violations it would add), and stay as they were.
func TestUpgradeWithOrphans(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	raw := archiveAtSchema(t, path, 6)
	for _, q := range []string{
		`PRAGMA foreign_keys = OFF`,
		`INSERT INTO related_links (article_id, position, url, title) VALUES (99, 0, 'https://n.example/b', 'B')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open an archive with an orphan row: %v", err)
	}
	defer db.Close()
	var n int
	db.sql.QueryRow(`SELECT count(*) FROM related_links WHERE article_id = 99`).Scan(&n)
	if n != 1 {
		t.Errorf("orphan rows after the upgrade: %d, want 1", n)
	}
}

// rowOf returns the one row q selects, by column name.
func rowOf(t *testing.T, db *sql.DB, q string) map[string]any {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("%s: no row", q)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	m := make(map[string]any, len(cols))
	for i, c := range cols {
		m[c] = fmt.Sprint(vals[i])
	}
	return m
}
