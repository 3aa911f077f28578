package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

// save stores each article with a fetch at t0 plus i minutes.
func save(tb testing.TB, db *store.DB, arts ...*extract.Article) {
	tb.Helper()
	for i, a := range arts {
		if _, err := db.SaveFetch(context.Background(), fetchFor(a, t0.Add(time.Duration(i)*time.Minute)), a); err != nil {
			tb.Fatal(err)
		}
	}
}

func mustCheckFTS(tb testing.TB, db *store.DB, step string) {
	tb.Helper()
	if err := db.CheckFTS(context.Background()); err != nil {
		tb.Fatalf("after %s: %v", step, err)
	}
}

func matches(tb testing.TB, db *store.DB, query string) int {
	tb.Helper()
	return count(tb, db, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?`, query)
}

// ftsState fingerprints the index's storage, to tell whether a write
// touched it.
func ftsState(tb testing.TB, db *store.DB) string {
	tb.Helper()
	var s string
	if err := db.SQL().QueryRow(`SELECT count(*) || '/' || max(id) || '/' || sum(length(block)) FROM articles_fts_data`).Scan(&s); err != nil {
		tb.Fatal(err)
	}
	return s
}

func TestFTSFollowsArticles(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mustCheckFTS(t, db, "open")

	a := testArticle("https://news.example/bridge")
	b := testArticle("https://news.example/tunnel")
	b.Headline, b.Standfirst, b.Body = "Tunnel delayed again", "Engineers blame the rock.", "Granite under Zürich slowed the drills."
	save(t, db, a, b)
	mustCheckFTS(t, db, "inserts")
	if n := matches(t, db, "bridge"); n != 1 {
		t.Errorf("bridge matches %d, want 1", n)
	}
	if n := matches(t, db, "zurich"); n != 1 { // remove_diacritics 2
		t.Errorf("zurich matches %d, want 1 (Zürich)", n)
	}
	if n := matches(t, db, "paragraph"); n != 1 {
		t.Errorf("paragraph matches %d, want 1", n)
	}

	// A re-fetch with the same text must not rewrite the index: the upsert
	// sets the text columns every time, the trigger's WHEN skips it.
	before := ftsState(t, db)
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(time.Hour)), a); err != nil {
		t.Fatal(err)
	}
	if after := ftsState(t, db); after != before {
		t.Errorf("unchanged re-fetch rewrote the index: %s -> %s", before, after)
	}

	// Each indexed column changing moves the index with it.
	edits := []struct {
		name     string
		edit     func(*extract.Article)
		gone, in string
	}{
		{"headline", func(x *extract.Article) { x.Headline = "Council rejects viaduct" }, "approves", "viaduct"},
		{"standfirst", func(x *extract.Article) { x.Standfirst = "A landslide of votes." }, "close", "landslide"},
		{"body", func(x *extract.Article) { x.Body = "Only one paragraph now." }, "second", "only"},
	}
	for i, e := range edits {
		e.edit(a)
		before := ftsState(t, db)
		if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(time.Duration(2+i)*time.Hour)), a); err != nil {
			t.Fatal(err)
		}
		mustCheckFTS(t, db, e.name+" update")
		if ftsState(t, db) == before {
			t.Errorf("%s change did not reach the index", e.name)
		}
		if n := matches(t, db, e.gone); n != 0 {
			t.Errorf("after %s update, old word %q matches %d", e.name, e.gone, n)
		}
		if n := matches(t, db, e.in); n != 1 {
			t.Errorf("after %s update, new word %q matches %d", e.name, e.in, n)
		}
	}
	// Columns outside the index do not touch it.
	before = ftsState(t, db)
	a.Section, a.Tags = "Politics", []string{"other"}
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(9*time.Hour)), a); err != nil {
		t.Fatal(err)
	}
	if after := ftsState(t, db); after != before {
		t.Errorf("section change rewrote the index")
	}

	// Deletes, by any program, leave the index.
	if _, err := db.SQL().Exec(`DELETE FROM articles WHERE canonical_url = ?`, b.CanonicalURL); err != nil {
		t.Fatal(err)
	}
	mustCheckFTS(t, db, "delete")
	if n := matches(t, db, "tunnel"); n != 0 {
		t.Errorf("deleted article still matches")
	}
	// Rows written and renumbered by another program (sqlite3, say),
	// which indexes what it inserts as migration 0006 asks.
	for _, q := range []string{
		`INSERT INTO articles (id, url, canonical_url, headline, extractor_version, first_seen_at, last_seen_at, content_hash)
			VALUES (500, 'https://x.example/', 'https://x.example/', 'Handmade quay', 'manual', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '')`,
		`INSERT INTO articles_fts (rowid, headline, standfirst, body) VALUES (500, 'Handmade quay', '', '')`,
		`UPDATE articles SET id = 1000 WHERE id = 500`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	mustCheckFTS(t, db, "id change")
	if n := count(t, db, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'quay' AND rowid = 1000`); n != 1 {
		t.Errorf("index does not follow the new id")
	}
}

func TestCheckFTSReportsDrift(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	save(t, db, testArticle("https://news.example/bridge"))
	// A writer that bypasses the triggers (sqlite3 with them dropped, say)
	// leaves the index behind; the check says so and rebuild repairs it.
	for _, q := range []string{
		`DROP TRIGGER articles_fts_update`,
		`UPDATE articles SET body = 'Entirely different words.'`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CheckFTS(ctx); err == nil {
		t.Fatal("CheckFTS passed an index out of step with articles")
	}
	if err := db.RebuildFTS(ctx); err != nil {
		t.Fatal(err)
	}
	mustCheckFTS(t, db, "rebuild")
	if n := matches(t, db, "entirely"); n != 1 {
		t.Errorf("rebuilt index does not find the new body")
	}
}

// TestFTSBackfill: an archive whose articles predate migration 0003 gets
// them indexed when the migration runs.
func TestFTSBackfill(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	save(t, db, testArticle("https://news.example/bridge"), testArticle("https://news.example/other"))
	// Undo migration 3, as if the archive had been made before it (and
	// so before 6, which drops the insert trigger 3 creates).
	for _, q := range []string{
		`DROP VIEW latest_articles`, `DROP VIEW daily_counts`, `DROP VIEW daily_captures`,
		`DROP TRIGGER articles_fts_delete`, `DROP TRIGGER articles_fts_update`,
		`DROP TABLE articles_fts`,
		`DELETE FROM schema_migrations WHERE version IN (3, 6)`,
	} {
		if _, err := db.SQL().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	db = mustOpenPath(t, path)
	mustCheckFTS(t, db, "migration")
	if n := matches(t, db, "bridge"); n != 2 {
		t.Errorf("after backfill bridge matches %d, want 2", n)
	}
}

// TestFTSReadableWithoutStore: the index and views need nothing from
// newsarchive — a plain connection without our DSN, and the sqlite3 and
// Python programs where installed, can query them.
func TestFTSReadableWithoutStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "archive.db")
	db := mustOpenPath(t, path)
	a := testArticle("https://news.example/bridge")
	a.Body = "The café in Zürich reopened."
	save(t, db, a)

	plain, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	var headline, snip string
	var rank float64
	err = plain.QueryRow(`SELECT a.headline, snippet(articles_fts, 2, '<b>', '</b>', '…', 8), bm25(articles_fts)
		FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
		WHERE articles_fts MATCH 'cafe zurich' ORDER BY rank`).Scan(&headline, &snip, &rank)
	if err != nil {
		t.Fatal(err)
	}
	if headline != a.Headline || !strings.Contains(snip, "<b>café</b>") || rank >= 0 {
		t.Errorf("plain connection: %q %q %v", headline, snip, rank)
	}
	for _, view := range []string{"latest_articles", "daily_counts", "daily_captures"} {
		var n int
		if err := plain.QueryRow(`SELECT count(*) FROM ` + view).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d rows, %v", view, n, err)
		}
	}

	query := `SELECT articles.headline FROM articles_fts JOIN articles ON articles.id = articles_fts.rowid WHERE articles_fts MATCH 'cafe' ORDER BY rank;`
	views := `SELECT count(*) FROM latest_articles; SELECT count(*) FROM daily_counts; SELECT count(*) FROM daily_captures;`
	if bin, err := exec.LookPath("sqlite3"); err == nil && exec.Command(bin, "-version").Run() == nil {
		out, err := exec.Command(bin, path, query+views).CombinedOutput()
		if err != nil || string(out) != a.Headline+"\n1\n1\n1\n" {
			t.Errorf("sqlite3: %v\n%s", err, out)
		}
	} else {
		t.Log("no working sqlite3; skipped")
	}
	if bin, err := exec.LookPath("python3"); err == nil && exec.Command(bin, "-c", "import sqlite3").Run() == nil {
		script := fmt.Sprintf(`import sqlite3
c = sqlite3.connect(%q)
print(c.execute(%q).fetchone()[0])
print(c.execute("SELECT count(*) FROM latest_articles").fetchone()[0])`, path, strings.TrimSuffix(query, ";"))
		out, err := exec.Command(bin, "-c", script).CombinedOutput()
		if err != nil || string(out) != a.Headline+"\n1\n" {
			t.Errorf("python3: %v\n%s", err, out)
		}
	} else {
		t.Log("no python3 with sqlite3; skipped")
	}
}

// benchArticle is an article of about 800 words, distinct per i.
func benchArticle(i int) *extract.Article {
	a := testArticle(fmt.Sprintf("https://news.example/story/%d", i))
	var b strings.Builder
	for p := 0; p < 10; p++ {
		if p > 0 {
			b.WriteString("\n\n")
		}
		for w := 0; w < 80; w++ {
			fmt.Fprintf(&b, "word%d ", (i*7+p*80+w)%5000)
		}
	}
	a.Headline = fmt.Sprintf("Story number %d about the council", i)
	a.Body = b.String()
	a.WordCount = 800
	return a
}

// BenchmarkSaveFetchFTS measures storing an article with its index
// rows: new stores a new article per op, unchanged re-saves the same one
// (what a nightly re-crawl mostly does), changed re-saves it with a new
// body. Each op is its own transaction; BenchmarkSaveFetchParallel has
// the crawl's concurrent case.
func BenchmarkSaveFetchFTS(b *testing.B) {
	for _, kind := range []string{"new", "unchanged", "changed"} {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			db := MustOpenDB(b)
			fixed := benchArticle(0)
			save(b, db, fixed)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a := fixed
				switch kind {
				case "new":
					a = benchArticle(i + 1)
				case "changed":
					a = benchArticle(i + 1)
					a.CanonicalURL, a.URL = fixed.CanonicalURL, fixed.URL
				}
				if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(time.Duration(i)*time.Second)), a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
