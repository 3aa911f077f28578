package main

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// TestCrawlPoliteRealSeconds is the suite's one end-to-end test in real
// seconds (the others scale delays down): with the default one-second
// delay, two hosts are crawled in parallel and neither sees two requests
// closer than a second, as each server measures it.
func TestCrawlPoliteRealSeconds(t *testing.T) {
	if testing.Short() {
		t.Skip("real-seconds test skipped under -short")
	}
	a := (&crawltest.NewsHost{Name: "Alpha", Articles: 2, Linked: 2, Sections: 1}).Start()
	defer a.Close()
	b := (&crawltest.NewsHost{Name: "Beta", Articles: 2, Linked: 2, Sections: 1}).Start()
	defer b.Close()
	path := filepath.Join(t.TempDir(), "polite.db")
	start := time.Now()
	code, out, errs := runMain(t, "crawl", "--db", path, "--allow-private", "--delay", "1s", "--parallel", "4",
		"--max-pages", "8", "--max-depth", "1", a.URL()+"/", b.URL()+"/")
	elapsed := time.Since(start)
	if code != 0 {
		t.Fatalf("crawl exit %d\n%s\n%s", code, out, errs)
	}
	total := 0
	for _, h := range []*crawltest.NewsHost{a, b} {
		gap, n := h.MinGap()
		total += n
		if n >= 2 && gap < time.Second {
			t.Errorf("%s: requests %v apart, want at least 1s", h.URL(), gap)
		}
		if v := h.Violations(); len(v) > 0 {
			t.Errorf("%s: politeness violations: %v", h.URL(), v)
		}
	}
	// The hosts are crawled side by side: the run takes about as long as
	// one host's share, not the sum (a lower bound only; no upper timing).
	if total < 4 {
		t.Fatalf("only %d requests: the test proves nothing", total)
	}
	t.Logf("%d requests on 2 hosts in %v", total, elapsed.Round(10*time.Millisecond))
}
