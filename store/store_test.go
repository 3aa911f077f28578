package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

// MustOpenDB opens a fresh archive in a file under tb.TempDir() — never
// :memory:, where each pooled connection would see its own database — and
// closes it when the test ends.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	return mustOpenPath(tb, filepath.Join(tb.TempDir(), "archive.db"))
}

func mustOpenPath(tb testing.TB, path string) *store.DB {
	tb.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

var t0 = time.Date(2026, 11, 25, 18, 51, 0, 0, time.UTC)

func testArticle(canonical string) *extract.Article {
	return &extract.Article{
		URL:          canonical + "?utm_source=feed",
		CanonicalURL: canonical,
		Site:         "news.example",
		Kind:         extract.KindArticle,
		Headline:     "Council approves bridge",
		Standfirst:   "The vote was close.",
		Body:         "First paragraph.\n\nSecond paragraph.",
		Authors:      []string{"Ann Smith", "Bo Li"},
		PublishedAt:  "2026-11-25T09:30:00+01:00",
		ModifiedAt:   "2026-11-25",
		Related: []extract.Link{
			{URL: "https://news.example/a", Title: "A"},
			{URL: "https://news.example/b", Title: "B"},
			{URL: "https://news.example/c", Title: "C"},
		},
		Language:  "en",
		Section:   "Local",
		Tags:      []string{"transport", "council"},
		ImageURL:  "https://news.example/bridge.jpg",
		WordCount: 4,
		Sources:   map[string]string{"published_at": "json-ld", "modified_at": "meta", "headline": "opengraph"},
	}
}

func fetchFor(a *extract.Article, at time.Time) store.Fetch {
	return store.Fetch{
		URL: a.URL, FinalURL: a.URL, Status: 200, ContentType: "text/html; charset=utf-8",
		Bytes: 1234, FetchedAt: at, Duration: 150 * time.Millisecond,
	}
}

func count(tb testing.TB, db *store.DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestOpenMigratesOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a := testArticle("https://news.example/bridge")
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0), a); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = mustOpenPath(t, path)
	// One row per embedded migration, each applied once.
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM schema_migrations`); n != len(files) {
		t.Errorf("schema_migrations rows = %d, want %d", n, len(files))
	}
	if v := count(t, db, `PRAGMA user_version`); v != len(files) {
		t.Errorf("user_version = %d, want %d", v, len(files))
	}
	if n, err := db.CountArticles(ctx); err != nil || n != 1 {
		t.Errorf("CountArticles = %d, %v; want 1 after reopening", n, err)
	}
	var appliedAt string
	if err := db.SQL().QueryRow(`SELECT applied_at FROM schema_migrations WHERE version = 1`).Scan(&appliedAt); err != nil {
		t.Fatal(err)
	}
	if _, err := time.Parse("2006-01-02T15:04:05Z", appliedAt); err != nil {
		t.Errorf("applied_at %q is not UTC RFC 3339: %v", appliedAt, err)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "archive.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`INSERT INTO schema_migrations VALUES (999, '2099-01-01T00:00:00Z')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err := store.Open(ctx, path); err == nil {
		db.Close()
		t.Fatal("Open accepted a schema newer than the program")
	} else if !strings.Contains(err.Error(), path) {
		t.Errorf("error %q does not name the path", err)
	}
}

func TestOpenPathNeedingEscapes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "odd ?name# 100%25 ü")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "a?b#c%d.db")
	db := mustOpenPath(t, path)
	if _, err := db.StartRun(context.Background(), nil, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database not at the literal path: %v", err)
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	if db, err := store.Open(context.Background(), ":memory:"); err == nil {
		db.Close()
		t.Fatal("Open accepted :memory:")
	}
}

func TestPragmasOnEveryConnection(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	// Hold three connections at once so the pool must open distinct ones.
	var conns []*sql.Conn
	for range 3 {
		c, err := db.SQL().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for i, c := range conns {
		var fk, busy, syncMode int
		var journal string
		if err := c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&journal); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
			t.Fatal(err)
		}
		if err := c.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&syncMode); err != nil {
			t.Fatal(err)
		}
		if fk != 1 || journal != "wal" || busy != 10000 || syncMode != 1 {
			t.Errorf("conn %d: foreign_keys=%d journal_mode=%s busy_timeout=%d synchronous=%d; want 1 wal 10000 1",
				i, fk, journal, busy, syncMode)
		}
	}
}

func TestSaveFetchStoresArticle(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := testArticle("https://news.example/bridge")
	a.Paywalled = true
	id, err := db.SaveFetch(ctx, fetchFor(a, t0), a)
	if err != nil {
		t.Fatal(err)
	}
	if id == 0 {
		t.Fatal("SaveFetch returned article id 0")
	}
	got, err := db.ArticleByCanonicalURL(ctx, a.CanonicalURL)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.Headline != a.Headline || got.Body != a.Body || got.URL != a.URL ||
		got.PublishedAt != a.PublishedAt || got.ModifiedAt != a.ModifiedAt ||
		strings.Join(got.Authors, "|") != "Ann Smith|Bo Li" || strings.Join(got.Tags, "|") != "transport|council" ||
		got.Language != "en" || got.Section != "Local" || got.ImageURL != a.ImageURL || got.WordCount != 4 ||
		got.Kind != extract.KindArticle || got.ExtractorVersion != extract.Version || !got.Paywalled {
		t.Errorf("stored article differs:\n got %+v\nwant %+v", got.Article, *a)
	}
	if got.Sources["published_at"] != "json-ld" || got.Sources["modified_at"] != "meta" {
		t.Errorf("sources = %v", got.Sources)
	}
	if !got.FirstSeenAt.Equal(t0) || !got.LastSeenAt.Equal(t0) {
		t.Errorf("seen = %v, %v; want %v", got.FirstSeenAt, got.LastSeenAt, t0)
	}
	if len(got.ContentHash) != 64 {
		t.Errorf("content hash %q is not sha256 hex", got.ContentHash)
	}

	// Times as analysts see them: UTC text with Z, dates verbatim.
	var first, fetched, published, authors string
	if err := db.SQL().QueryRow(`SELECT first_seen_at, published_at, authors FROM articles`).Scan(&first, &published, &authors); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().QueryRow(`SELECT fetched_at FROM fetches`).Scan(&fetched); err != nil {
		t.Fatal(err)
	}
	if first != "2026-11-25T18:51:00Z" || fetched != "2026-11-25T18:51:00Z" {
		t.Errorf("first_seen_at %q, fetched_at %q; want 2026-11-25T18:51:00Z", first, fetched)
	}
	if published != "2026-11-25T09:30:00+01:00" {
		t.Errorf("published_at = %q, want verbatim", published)
	}
	if authors != `["Ann Smith","Bo Li"]` {
		t.Errorf("authors = %s", authors)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE article_id = ? AND kind = 'article' AND status = 200 AND error IS NULL AND duration_ms = 150`, id); n != 1 {
		t.Errorf("fetch row linked to article: %d, want 1", n)
	}
}

func TestCaptureTimesAreUTC(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	paris := time.FixedZone("CET", 3600)
	a := testArticle("https://news.example/tz")
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0.In(paris)), a); err != nil {
		t.Fatal(err)
	}
	var first, fetched string
	db.SQL().QueryRow(`SELECT first_seen_at FROM articles`).Scan(&first)
	db.SQL().QueryRow(`SELECT fetched_at FROM fetches`).Scan(&fetched)
	if first != "2026-11-25T18:51:00Z" || fetched != first {
		t.Errorf("first_seen_at %q, fetched_at %q; want UTC", first, fetched)
	}
}

func TestUpsertByCanonicalURL(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := testArticle("https://news.example/bridge")
	id1, err := db.SaveFetch(ctx, fetchFor(a, t0), a)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := db.ArticleByCanonicalURL(ctx, a.CanonicalURL)

	b := testArticle("https://news.example/bridge")
	b.URL = "https://news.example/bridge?ref=home" // another URL, same canonical
	b.Headline = "Council approves bridge, with conditions"
	b.ModifiedAt = "2026-11-26T08:00:00Z"
	b.Related = []extract.Link{
		{URL: "https://news.example/z", Title: "Z"},
		{URL: "https://news.example/a", Title: "A again"},
	}
	t1 := t0.Add(24 * time.Hour)
	id2, err := db.SaveFetch(ctx, fetchFor(b, t1), b)
	if err != nil {
		t.Fatal(err)
	}
	if id2 != id1 {
		t.Errorf("second save got id %d, want %d", id2, id1)
	}
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Errorf("CountArticles = %d, want 1", n)
	}
	got, err := db.ArticleByCanonicalURL(ctx, a.CanonicalURL)
	if err != nil {
		t.Fatal(err)
	}
	if !got.FirstSeenAt.Equal(t0) || !got.LastSeenAt.Equal(t1) {
		t.Errorf("seen = %v .. %v, want %v .. %v", got.FirstSeenAt, got.LastSeenAt, t0, t1)
	}
	if got.Headline != b.Headline || got.ModifiedAt != b.ModifiedAt || got.URL != b.URL {
		t.Errorf("fields not updated: %q %q %q", got.Headline, got.ModifiedAt, got.URL)
	}
	if got.ContentHash == before.ContentHash {
		t.Error("content hash did not change with the headline")
	}
	want := "https://news.example/z Z|https://news.example/a A again"
	var parts []string
	for _, l := range got.Related {
		parts = append(parts, l.URL+" "+l.Title)
	}
	if g := strings.Join(parts, "|"); g != want {
		t.Errorf("related = %s, want %s", g, want)
	}
	if n := count(t, db, `SELECT count(*) FROM related_links`); n != 2 {
		t.Errorf("related_links rows = %d, want 2", n)
	}

	// An older fetch committed late must not move the seen range backwards.
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(time.Hour)), a); err != nil {
		t.Fatal(err)
	}
	got, _ = db.ArticleByCanonicalURL(ctx, a.CanonicalURL)
	if !got.FirstSeenAt.Equal(t0) || !got.LastSeenAt.Equal(t1) {
		t.Errorf("after late save seen = %v .. %v, want %v .. %v", got.FirstSeenAt, got.LastSeenAt, t0, t1)
	}

	// Same content again: same hash, so later versioning can skip it.
	if _, err := db.SaveFetch(ctx, fetchFor(b, t1.Add(time.Hour)), b); err != nil {
		t.Fatal(err)
	}
	again, _ := db.ArticleByCanonicalURL(ctx, a.CanonicalURL)
	if _, err := db.SaveFetch(ctx, fetchFor(b, t1.Add(2*time.Hour)), b); err != nil {
		t.Fatal(err)
	}
	again2, _ := db.ArticleByCanonicalURL(ctx, a.CanonicalURL)
	if again.ContentHash != again2.ContentHash {
		t.Error("content hash changed without a content change")
	}
}

func TestCanonicalFallsBackToURL(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := testArticle("")
	a.URL = "https://news.example/no-canonical"
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0), a); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ArticleByCanonicalURL(ctx, a.URL); err != nil {
		t.Fatal(err)
	}
}

func TestFetchLog(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	run, err := db.StartRun(ctx, []string{"https://news.example/"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	a := testArticle("https://news.example/bridge")
	index := &extract.Article{URL: "https://news.example/", Kind: extract.KindIndex, Headline: "Home"}
	fetches := []struct {
		f store.Fetch
		a *extract.Article
	}{
		{store.Fetch{RunID: run, URL: "https://news.example/robots.txt", Status: 200, Kind: "robots", FetchedAt: t0}, nil},
		{store.Fetch{RunID: run, URL: index.URL, Status: 200, FetchedAt: t0}, index},
		{fetchFor(a, t0), a},
		{store.Fetch{RunID: run, URL: "https://news.example/gone", Status: 404, FetchedAt: t0, Err: "status 404"}, nil},
		{store.Fetch{RunID: run, URL: "https://down.example/", FetchedAt: t0, Err: "dial tcp: connection refused"}, nil},
		{fetchFor(a, t0.Add(time.Minute)), a},
	}
	for _, x := range fetches {
		id, err := db.SaveFetch(ctx, x.f, x.a)
		if err != nil {
			t.Fatal(err)
		}
		if (id != 0) != (x.a != nil && x.a.Kind == extract.KindArticle) {
			t.Errorf("%s: article id %d", x.f.URL, id)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM fetches`); n != len(fetches) {
		t.Errorf("fetches = %d, want %d", n, len(fetches))
	}
	if n, _ := db.CountArticles(ctx); n != 1 {
		t.Errorf("articles = %d, want 1 (index pages are not articles)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE kind = 'index' AND article_id IS NULL`); n != 1 {
		t.Errorf("index fetch rows = %d, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE status IS NULL AND error = 'dial tcp: connection refused' AND final_url IS NULL`); n != 1 {
		t.Errorf("failed fetch without response not logged with NULL status")
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE run_id IS NULL`); n != 2 {
		t.Errorf("fetches without run = %d, want 2", n)
	}

	st := store.RunStats{PagesFetched: 6, ArticlesStored: 1, IndexPages: 1, Errors: 2}
	if err := db.FinishRun(ctx, run, st, store.RunDone, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var status, finished, seeds string
	var pages, errs int
	if err := db.SQL().QueryRow(`SELECT status, finished_at, seeds, pages_fetched, errors FROM crawl_runs WHERE id = ?`, run).
		Scan(&status, &finished, &seeds, &pages, &errs); err != nil {
		t.Fatal(err)
	}
	if status != "done" || finished != "2026-11-25T19:51:00Z" || seeds != `["https://news.example/"]` || pages != 6 || errs != 2 {
		t.Errorf("run = %s %s %s %d %d", status, finished, seeds, pages, errs)
	}
	if err := db.FinishRun(ctx, run, st, "great", t0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("FinishRun with bad status: %v", err)
	}
	if err := db.FinishRun(ctx, 9999, st, store.RunFailed, t0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FinishRun of missing run: %v", err)
	}
}

func TestNullDates(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := testArticle("https://news.example/undated")
	a.PublishedAt, a.ModifiedAt = "", ""
	a.Authors, a.Tags, a.Related, a.Language, a.Section, a.ImageURL = nil, nil, nil, "", "", ""
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0), a); err != nil {
		t.Fatal(err)
	}
	q := `SELECT count(*) FROM articles WHERE published_at IS NULL AND modified_at IS NULL
		AND published_source IS NULL AND modified_source IS NULL
		AND language IS NULL AND section IS NULL AND image_url IS NULL
		AND authors = '[]' AND tags = '[]'`
	if n := count(t, db, q); n != 1 {
		t.Errorf("unknown values not stored as NULL / '[]'")
	}
	got, err := db.ArticleByCanonicalURL(ctx, a.CanonicalURL)
	if err != nil {
		t.Fatal(err)
	}
	if got.PublishedAt != "" || got.ModifiedAt != "" || len(got.Related) != 0 || got.Sources != nil {
		t.Errorf("got %+v", got.Article)
	}
}

func TestRefusesInvalidArticle(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		edit  func(*extract.Article)
		fetch string // URL of the fetch; defaults to the article's
		want  string
	}{
		{"body", func(a *extract.Article) { a.Body = "caf\xe9" }, "", "body is not valid UTF-8"},
		{"author", func(a *extract.Article) { a.Authors = []string{"ok", "b\xffd"} }, "", "author 1"},
		{"related title", func(a *extract.Article) { a.Related[2].Title = "\xc3" }, "", "related link 2 title"},
		{"no url", func(a *extract.Article) { a.URL, a.CanonicalURL = "", "" }, "https://news.example/x", "no canonical url and no url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := MustOpenDB(t)
			a := testArticle("https://news.example/bad")
			tt.edit(a)
			f := fetchFor(a, t0)
			if tt.fetch != "" {
				f.URL = tt.fetch
			}
			id, err := db.SaveFetch(ctx, f, a)
			if err == nil {
				t.Fatal("SaveFetch accepted the article")
			}
			if !errors.Is(err, store.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrInvalid mentioning %q", err, tt.want)
			}
			wantURL := a.CanonicalURL
			if wantURL == "" {
				wantURL = f.URL
			}
			if !strings.Contains(err.Error(), wantURL) {
				t.Errorf("err = %v does not name %s", err, wantURL)
			}
			if id != 0 {
				t.Errorf("id = %d", id)
			}
			for _, table := range []string{"articles", "fetches", "related_links"} {
				if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
					t.Errorf("%s has %d rows after a refused save", table, n)
				}
			}
		})
	}
}

func TestConcurrentSaveFetch(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	run, err := db.StartRun(ctx, []string{"https://news.example/"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	const workers, perWorker, distinct = 8, 40, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				// Workers overlap on canonical URLs so upserts race too.
				a := testArticle(fmt.Sprintf("https://news.example/story/%d", (w*perWorker+i)%distinct))
				f := fetchFor(a, t0.Add(time.Duration(w*perWorker+i)*time.Second))
				f.RunID = run
				if _, err := db.SaveFetch(ctx, f, a); err != nil {
					errs <- err
					return
				}
				// Readers run alongside the writer under WAL.
				if _, err := db.CountArticles(ctx); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := count(t, db, `SELECT count(*) FROM fetches WHERE run_id = ?`, run); n != workers*perWorker {
		t.Errorf("fetches = %d, want %d", n, workers*perWorker)
	}
	if n, _ := db.CountArticles(ctx); n != distinct {
		t.Errorf("articles = %d, want %d", n, distinct)
	}
	if n := count(t, db, `SELECT count(*) FROM related_links`); n != distinct*3 {
		t.Errorf("related_links = %d, want %d", n, distinct*3)
	}
}

func TestArticleNotFound(t *testing.T) {
	db := MustOpenDB(t)
	if _, err := db.ArticleByCanonicalURL(context.Background(), "https://nowhere.example/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestSaveFetchHonoursContext(t *testing.T) {
	db := MustOpenDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	a := testArticle("https://news.example/cancelled")
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0), a); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
