package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/store"
)

func runMain(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db.SQL()
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestDemoEndToEnd is the README's first command: the archive holds every
// article page of the sample site once, no index page, the seed as read.
func TestDemoEndToEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	code, out, errs := runMain(t, "demo", "--db", path)
	if code != 0 {
		t.Fatalf("demo exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	for _, w := range []string{"pages fetched", "articles stored", "index pages", "errors", "elapsed", "sqlite3 "} {
		if !strings.Contains(out, w) {
			t.Errorf("summary lacks %q:\n%s", w, out)
		}
	}
	db := openDB(t, path)
	checkArchive(t, db)
	fetches := count(t, db, "SELECT count(*) FROM fetches")

	// A second run adds fetches and a run, never a second copy of an article.
	if code, out, errs := runMain(t, "demo", "-db", path); code != 0 {
		t.Fatalf("second demo exit %d\n%s\n%s", code, out, errs)
	}
	checkArchive(t, db)
	if got := count(t, db, "SELECT count(*) FROM fetches"); got != 2*fetches {
		t.Errorf("fetch log has %d rows after two runs, want %d", got, 2*fetches)
	}
	if got := count(t, db, "SELECT count(*) FROM crawl_runs WHERE status = 'done'"); got != 2 {
		t.Errorf("%d finished crawl runs, want 2", got)
	}
}

func checkArchive(t *testing.T, db *sql.DB) {
	t.Helper()
	truth := crawltest.LondonDailyArticles()
	var want []string
	for _, a := range truth {
		want = append(want, a.CanonicalURL)
	}
	sort.Strings(want)
	rows, err := db.Query("SELECT canonical_url FROM articles ORDER BY canonical_url")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var u string
		rows.Scan(&u)
		got = append(got, u)
	}
	rows.Close()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("archive holds %d articles, want the site's %d article pages exactly", len(got), len(want))
	}

	seed := truth[0]
	var headline, standfirst, body, authors, published, site, firstSeen string
	var id int64
	err = db.QueryRow(`SELECT id, headline, standfirst, body, authors, published_at, site, first_seen_at
		FROM articles WHERE canonical_url = ?`, seed.CanonicalURL).Scan(&id, &headline, &standfirst, &body, &authors, &published, &site, &firstSeen)
	if err != nil {
		t.Fatal(err)
	}
	if headline != seed.Headline || standfirst != seed.Standfirst || body != strings.Join(seed.Paragraphs, "\n\n") {
		t.Errorf("seed row differs from the seed:\nheadline %q\nstandfirst %q\nbody %.120q", headline, standfirst, body)
	}
	if published != "2021-12-13T18:03:00+00:00" {
		t.Errorf("seed published_at = %q", published)
	}
	if site != "londondaily.example" {
		t.Errorf("site = %q", site)
	}
	var names []string
	if err := json.Unmarshal([]byte(authors), &names); err != nil || len(names) != 1 || names[0] != seed.Author {
		t.Errorf("authors = %s, want [%q]", authors, seed.Author)
	}
	if !strings.HasSuffix(firstSeen, "Z") {
		t.Errorf("first_seen_at %q is not UTC", firstSeen)
	}
	if n := count(t, db, "SELECT count(*) FROM related_links WHERE article_id = "+itoa(id)); n != 50 {
		t.Errorf("seed has %d related links, want 50", n)
	}
	var firstRelated string
	db.QueryRow("SELECT title FROM related_links WHERE article_id = ? AND position = (SELECT min(position) FROM related_links WHERE article_id = ?)", id, id).Scan(&firstRelated)
	if firstRelated != seed.Related[0].Title {
		t.Errorf("first related title %q, want %q", firstRelated, seed.Related[0].Title)
	}
	var undated sql.NullString
	for _, a := range truth {
		if a.PublishedAt == "" {
			db.QueryRow("SELECT published_at FROM articles WHERE canonical_url = ?", a.CanonicalURL).Scan(&undated)
			if undated.Valid {
				t.Errorf("undated article %s has published_at %q, want NULL", a.Path, undated.String)
			}
		}
	}
	if n := count(t, db, "SELECT count(*) FROM articles WHERE published_at LIKE '2026-01-14%'"); n != 0 {
		t.Errorf("%d articles dated with the masthead's today", n)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

func TestCrawlCommand(t *testing.T) {
	srv := httptest.NewServer(crawltest.LondonDaily())
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "crawl.db")
	code, out, errs := runMain(t, "crawl", "--db", path, "--allow-private", "--delay", "0", "--parallel", "4", srv.URL+"/")
	if code != 0 {
		t.Fatalf("crawl exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.HasPrefix(out, "done: ") || strings.Count(out, "\n") != 1 {
		t.Errorf("want one summary line, got %q", out)
	}
	checkArchive(t, openDB(t, path))
}

// TestCrawlRefusesLoopback: without --allow-private a crawl cannot be
// pointed at the local machine; the fetch is logged as an error.
func TestCrawlRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(crawltest.LondonDaily())
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "crawl.db")
	code, out, _ := runMain(t, "crawl", "--db", path, "--delay", "0", srv.URL+"/")
	if code != 0 {
		t.Fatalf("crawl exit %d: %s", code, out)
	}
	db := openDB(t, path)
	if n := count(t, db, "SELECT count(*) FROM articles"); n != 0 {
		t.Errorf("%d articles from a refused address", n)
	}
	if n := count(t, db, "SELECT count(*) FROM fetches WHERE error IS NOT NULL"); n == 0 {
		t.Error("refused fetch not logged")
	}
}

func TestExtractCommand(t *testing.T) {
	page, _ := crawltest.LondonDailyPage(crawltest.SeedPath)
	file := filepath.Join(t.TempDir(), "seed.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runMain(t, "extract", "--url", crawltest.LondonDailyHost+crawltest.SeedPath, file)
	if code != 0 {
		t.Fatalf("extract exit %d: %s", code, errs)
	}
	var a struct {
		Headline    string `json:"headline"`
		PublishedAt string `json:"published_at"`
		Kind        string `json:"kind"`
		Related     []struct{ URL, Title string }
	}
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	seed := crawltest.LondonDailyArticles()[0]
	if a.Headline != seed.Headline || a.PublishedAt != "2021-12-13T18:03:00+00:00" || a.Kind != "article" || len(a.Related) != 50 {
		t.Errorf("extract printed %+v", a)
	}

	// Without --url, a relative path's page URL is its absolute file URL.
	t.Chdir(filepath.Dir(file))
	code, out, errs = runMain(t, "extract", filepath.Base(file))
	var f struct{ URL string }
	if err := json.Unmarshal([]byte(out), &f); code != 0 || err != nil || f.URL != "file://"+filepath.ToSlash(file) {
		t.Errorf("extract relative FILE: exit %d, url %q, want file://%s (%v %s)", code, f.URL, file, err, errs)
	}

	srv := httptest.NewServer(crawltest.LondonDaily())
	defer srv.Close()
	code, out, errs = runMain(t, "extract", srv.URL+crawltest.SeedPath)
	if code != 0 || !strings.Contains(out, seed.Headline) {
		t.Errorf("extract URL: exit %d, %s %s", code, out, errs)
	}
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "no command"},
		{[]string{"frobnicate"}, 2, "unknown command"},
		{[]string{"crawl"}, 2, "no seed URL"},
		{[]string{"crawl", "--bogus", "http://x.example/"}, 2, "bogus"},
		{[]string{"crawl", "--delay", "-1s", "http://x.example/"}, 2, "delay"},
		{[]string{"crawl", "--db", filepath.Join(t.TempDir(), "x.db"), "example.com"}, 1, "example.com"},
		{[]string{"extract"}, 2, "exactly one"},
		{[]string{"extract", filepath.Join(t.TempDir(), "missing.html")}, 1, "missing.html"},
		{[]string{"demo", "extra"}, 2, "no arguments"},
		{[]string{"-h"}, 0, ""},
		{[]string{"crawl", "-h"}, 0, ""},
	}
	for _, c := range cases {
		code, out, errs := runMain(t, c.args...)
		if code != c.code {
			t.Errorf("%q: exit %d, want %d (%s%s)", c.args, code, c.code, out, errs)
		}
		if c.msg != "" && !strings.Contains(errs, c.msg) {
			t.Errorf("%q: stderr %q lacks %q", c.args, errs, c.msg)
		}
		if c.code == 2 && strings.Count(strings.TrimSpace(errs), "\n") > 0 && c.args != nil {
			t.Errorf("%q: usage error should be one line, got %q", c.args, errs)
		}
	}
	_, out, _ := runMain(t, "-h")
	for _, c := range []string{"demo", "crawl", "extract"} {
		if !strings.Contains(out, c) {
			t.Errorf("-h does not list %s", c)
		}
	}
	_, _, errs := runMain(t, "crawl", "-h")
	if !strings.Contains(errs, "-max-depth") {
		t.Errorf("crawl -h does not describe its flags: %s", errs)
	}
}
