package main

import (
	"context"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// TestBugBodyFailureAfter200IsRetried reproduces a bug found by the
// hostile-network scenario: when a 200 response's body fails half way
// (connection reset, a Content-Length longer than the body, a stall past
// the timeout), the crawler records the page as a final failure — frontier
// state 'done', revisit in a week — instead of retrying it, because
// crawler.transient sees status 200 and returns false for any non-zero
// status. The article is lost to every nightly run for a week.
//
// The server below breaks the first response of every article page and
// serves the second clean; with retries allowed, every article must be
// saved in one run.
func TestBugBodyFailureAfter200IsRetried(t *testing.T) {
	for _, tc := range []struct {
		name     string
		reset    int
		truncate int
	}{{"reset mid-body", 100, 0}, {"truncated body", 0, 100}} {
		t.Run(tc.name, func(t *testing.T) {
			g := crawltest.NewGenSite(3)
			exempt := map[string]bool{"/robots.txt": true, "/": true, "/feed.xml": true, "/sitemap.xml": true}
			for _, s := range crawltest.GenSectionNames {
				exempt["/"+s+"/"] = true
			}
			h := &crawltest.HostileNet{Next: g, ResetPercent: tc.reset, TruncatePercent: tc.truncate, MaxFaults: 1, Exempt: exempt}
			base := h.Start()
			defer h.Close()
			sink := &memSink{articles: map[string]int{}}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			stats, err := crawler.Run(ctx, crawler.Config{Seeds: []string{base + "/"}, AllowPrivate: true, NoDelay: true,
				TimeScale: 0.001, MaxAttempts: 4, Timeout: 2 * time.Second}, sink)
			if err != nil {
				t.Fatal(err)
			}
			for i := range g.Articles() {
				if sink.articles[base+g.ArticlePath(i)] == 0 {
					t.Errorf("%s not archived (retries %d, errors %d: %s)", g.ArticlePath(i), stats.Retries, stats.Errors, firstN(sink.errors, 2))
				}
			}
		})
	}
}
