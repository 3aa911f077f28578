package crawler

import (
	"log/slog"
	"net/url"
	"testing"
	"time"
)

func TestRobotsParse(t *testing.T) {
	rc := &robotsCache{product: "newsarchive", log: slog.New(slog.DiscardHandler)}
	for _, tc := range []struct {
		name  string
		body  string
		delay time.Duration
		allow map[string]bool
	}{
		{
			name:  "own group wins over *",
			body:  "User-agent: *\nDisallow: /\n\nUser-agent: NewsArchive\nDisallow: /private\nCrawl-delay: 2\n",
			delay: 2 * time.Second,
			allow: map[string]bool{"/": true, "/news": true, "/private/x": false},
		},
		{
			name:  "query and wildcard",
			body:  "User-agent: *\nDisallow: /*?print=\nDisallow: /search\nAllow: /search/about\n",
			allow: map[string]bool{"/a?print=1": false, "/a?page=2": true, "/search?q=x": false, "/search/about": true},
		},
		{
			name:  "bad crawl-delay and orphan rule do not lose the file",
			body:  "Disallow: /orphan\nUser-agent: *\nCrawl-delay: soon\nDisallow: /private\n",
			allow: map[string]bool{"/private": false, "/orphan": true, "/": true},
		},
		{
			name:  "huge crawl-delay is capped",
			body:  "User-agent: *\nCrawl-delay: 86400\n",
			delay: maxCrawlDelay,
			allow: map[string]bool{"/": true},
		},
		{name: "empty", body: "", allow: map[string]bool{"/": true}},
	} {
		r := rc.parse("https://example.com", []byte(tc.body))
		if r.crawlDelay != tc.delay {
			t.Errorf("%s: crawl delay %v, want %v", tc.name, r.crawlDelay, tc.delay)
		}
		for p, want := range tc.allow {
			u, _ := url.Parse("https://example.com" + p)
			if got := r.allows(u); got != want {
				t.Errorf("%s: allows(%s) = %v, want %v", tc.name, p, got, want)
			}
		}
	}
}

func FuzzRobotsParse(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /x\nCrawl-delay: 1\n"))
	f.Add([]byte("Crawl-delay: x\nAllow: /\n"))
	rc := &robotsCache{product: "newsarchive", log: slog.New(slog.DiscardHandler)}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := rc.parse("https://example.com", body)
		u, _ := url.Parse("https://example.com/a?b=c")
		r.allows(u)
		if r.crawlDelay < 0 || r.crawlDelay > maxCrawlDelay {
			t.Fatalf("crawl delay %v", r.crawlDelay)
		}
	})
}
