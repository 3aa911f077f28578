package store

import (
	"context"
	"database/sql"
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
	ms, _ := migrations()
	raw.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
	for _, m := range ms[:at] {
		if _, err := raw.Exec(m.sql); err != nil {
			t.Fatal(m.name, err)
		}
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
