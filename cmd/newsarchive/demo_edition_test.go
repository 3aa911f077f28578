package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// TestDemoSecondEdition is the README's walk-through of versions: the
// demo, then the next day's edition, then diff shows the correction.
func TestDemoSecondEdition(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	if code, out, errs := runMain(t, "demo", "--db", path); code != 0 {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := runMain(t, "demo", "--edition", "2", "--db", path); code != 0 {
		t.Fatalf("demo --edition 2: exit %d\n%s\n%s", code, out, errs)
	}
	db := openDB(t, path)
	if n := count(t, db, "SELECT count(*) FROM articles"); n != 51 {
		t.Errorf("%d articles after two editions, want 51", n)
	}
	if n := count(t, db, "SELECT count(*) FROM article_versions WHERE version = 2"); n != 2 {
		t.Errorf("%d second versions, want 2 (one corrected body, one new headline)", n)
	}
	code, out, errs := runMain(t, "diff", "--db", path, crawltest.LondonDailyHost+crawltest.SeedPath)
	if code != 0 || !strings.Contains(out, "+ "+crawltest.EditedCorrection) {
		t.Errorf("diff: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, _ := runMain(t, "demo", "--edition", "3", "--db", path); code != 2 {
		t.Errorf("--edition 3: exit %d, want 2", code)
	}
}
