package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/store"
	"github.com/newsarchive/newsarchive/store/warc"
)

const correction = "Update: this article was corrected on 26 November after publication."

// changedSite serves the London Daily site; when changed is set, the
// article at path gains a first paragraph.
func changedSite(path string, changed *atomic.Bool) http.Handler {
	ld := crawltest.LondonDaily()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !changed.Load() || r.URL.Path != path {
			ld.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		r.Header.Del("If-None-Match")
		ld.ServeHTTP(rec, r)
		body := strings.Replace(rec.Body.String(), "    <p>", "    <p>"+correction+"</p>\n    <p>", 1)
		for k, v := range rec.Header() {
			if k != "Content-Length" && k != "Etag" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write([]byte(body))
	})
}

// TestVersionsAndRawArchive crawls the sample site twice, the second time
// with one article changed: one new version with its body diff, revisit
// records for the unchanged pages, raw pages readable from the WARC files,
// and show, diff, reextract, check and export --versions working on it.
func TestVersionsAndRawArchive(t *testing.T) {
	art := crawltest.LondonDailyArticles()[1]
	target := art.Path
	var changed atomic.Bool
	srv := httptest.NewServer(changedSite(target, &changed))
	defer srv.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "news.db")
	crawl := func() {
		t.Helper()
		code, out, errs := runMain(t, "crawl", "--db", db, "--allow-private", "--delay", "0", "--revisit-all", "--no-progress", srv.URL+"/")
		if code != 0 {
			t.Fatalf("crawl exit %d\n%s\n%s", code, out, errs)
		}
	}
	crawl()
	changed.Store(true)
	crawl()

	sdb := openDB(t, db)
	if n := count(t, sdb, `SELECT count(*) FROM article_versions`); n != 52 {
		t.Errorf("versions = %d, want 51 + 1", n)
	}
	var id int64
	var changedFields string
	var added int
	if err := sdb.QueryRow(`SELECT article_id, changed, paragraphs_added FROM article_versions WHERE version = 2`).Scan(&id, &changedFields, &added); err != nil {
		t.Fatal(err)
	}
	if changedFields != `["body"]` || added != 1 {
		t.Errorf("version 2 changed %s, %d paragraphs added; want [\"body\"], 1", changedFields, added)
	}
	var body, sources string
	sdb.QueryRow(`SELECT body, sources FROM articles WHERE id = ?`, id).Scan(&body, &sources)
	if !strings.HasPrefix(body, correction) || !strings.Contains(sources, `"body":`) {
		t.Errorf("article not at its latest version: %.80q, sources %s", body, sources)
	}
	// Unchanged pages were archived as revisits; the fetch log says so.
	if n := count(t, sdb, `SELECT count(*) FROM fetches WHERE revisit_of IS NOT NULL`); n < 60 {
		t.Errorf("revisits = %d, want the unchanged pages", n)
	}
	if n := count(t, sdb, `SELECT count(*) FROM fetches WHERE status = 200 AND warc_file IS NULL`); n != 0 {
		t.Errorf("%d fetches without a WARC record", n)
	}
	if err := storeCheckFTS(db); err != nil {
		t.Error(err)
	}

	// show, show --raw, diff.
	code, out, errs := runMain(t, "show", "--db", db, itoa(id))
	if code != 0 || !strings.Contains(out, "Versions (2)") || !strings.Contains(out, "[heuristic]") && !strings.Contains(out, "[json-ld]") {
		t.Errorf("show exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runMain(t, "show", "--db", db, "--raw", itoa(id))
	if code != 0 || !strings.Contains(out, correction) || !strings.HasPrefix(out, "<!DOCTYPE html>") {
		t.Errorf("show --raw exit %d: %.200s", code, out)
	}
	code, out, _ = runMain(t, "diff", "--db", db, itoa(id))
	if code != 0 || !strings.Contains(out, "+ "+correction) || !strings.Contains(out, "1 paragraphs added") {
		t.Errorf("diff exit %d\n%s", code, out)
	}

	// Every record in every WARC file reads back with its digests verified.
	files, _ := filepath.Glob(filepath.Join(dir, "news.warc", "*.warc.gz"))
	if len(files) != 2 {
		t.Errorf("warc files = %v, want one per run", files)
	}
	for _, f := range files {
		res, err := warc.Scan(f)
		if err != nil || res.Torn || len(res.Corrupt) > 0 {
			t.Errorf("%s: %v %+v", f, err, res)
		}
	}

	// export --versions: every version, in all three formats.
	for _, f := range []string{"jsonl", "csv", "parquet"} {
		out := filepath.Join(dir, "v."+f)
		if code, stdout, errs := runMain(t, "export", "--db", db, "--versions", "--format", f, "--out", out); code != 0 || !strings.Contains(stdout, "exported 52 versions") {
			t.Errorf("export --versions %s: exit %d\n%s\n%s", f, code, stdout, errs)
		}
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "v.jsonl")); bytes.Count(data, []byte("\n")) != 52 || !bytes.Contains(data, []byte(`"version":2,`)) {
		t.Errorf("versions jsonl: %d lines", bytes.Count(data, []byte("\n")))
	}

	// reextract with the same extractor: nothing changes.
	code, out, errs = runMain(t, "reextract", "--db", db)
	if code != 0 || !strings.Contains(out, "0 new versions, 51 unchanged") {
		t.Errorf("reextract exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = runMain(t, "check", "--db", db)
	if code != 0 || !strings.Contains(out, "ok: no problems found") {
		t.Errorf("check exit %d\n%s\n%s", code, out, errs)
	}

	// A torn tail: cut the last file in the middle of its last record.
	last := files[len(files)-1]
	res, _ := warc.Scan(last)
	tail := res.Records[len(res.Records)-1]
	f, _ := os.OpenFile(last, os.O_WRONLY|os.O_APPEND, 0)
	data, _ := os.ReadFile(last)
	f.Write(data[tail.Offset : tail.Offset+tail.Length/2]) // a second copy, cut short
	f.Close()
	code, out, _ = runMain(t, "check", "--db", db)
	if code != 1 || !strings.Contains(out, "torn record at the end") || strings.Contains(out, "fetch ") {
		t.Errorf("check of torn file exit %d\n%s", code, out)
	}
	// Readers still get every page.
	if code, out, _ := runMain(t, "show", "--db", db, "--raw", itoa(id)); code != 0 || !strings.Contains(out, correction) {
		t.Errorf("show --raw after tear: exit %d", code)
	}
}

func storeCheckFTS(path string) error {
	db, err := store.Open(context.Background(), path)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.CheckFTS(context.Background())
}

// TestReadersDuringCrawl: 20 goroutines query the archive while a crawl
// writes it, and none sees "database is locked".
func TestReadersDuringCrawl(t *testing.T) {
	srv := httptest.NewServer(crawltest.LondonDaily())
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "news.db")
	// Create the schema first so readers have tables to read.
	if d, err := store.Open(context.Background(), db); err != nil {
		t.Fatal(err)
	} else {
		d.Close()
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	var reads, failures atomic.Int64
	var firstErr atomic.Value
	for range 20 {
		wg.Go(func() {
			d, err := store.Open(context.Background(), db)
			if err != nil {
				failures.Add(1)
				firstErr.CompareAndSwap(nil, err.Error())
				return
			}
			defer d.Close()
			for {
				select {
				case <-done:
					return
				default:
				}
				var n, v int
				err := d.SQL().QueryRow(`SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_versions)`).Scan(&n, &v)
				if err == nil && v < n {
					err = errString("an article without its version")
				}
				if err != nil {
					failures.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				}
				reads.Add(1)
				time.Sleep(time.Millisecond) // an analyst's pace, not a spin
			}
		})
	}
	var out, errs bytes.Buffer
	code := Main(context.Background(), []string{"crawl", "--db", db, "--allow-private", "--delay", "0", "--no-progress", srv.URL + "/"}, &out, &errs)
	close(done)
	wg.Wait()
	if code != 0 {
		t.Fatalf("crawl exit %d\n%s\n%s", code, out.String(), errs.String())
	}
	if failures.Load() > 0 {
		t.Errorf("%d of %d reads failed; first: %v", failures.Load(), reads.Load(), firstErr.Load())
	}
	t.Logf("%d reads during the crawl", reads.Load())
}

type errString string

func (e errString) Error() string { return string(e) }
