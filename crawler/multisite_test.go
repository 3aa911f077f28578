package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/extract"
)

// scale runs server-requested waits (Crawl-delay, Retry-After) at 1/100
// of real time.
const scale = 0.01

// articlesSaved returns the URLs saved as articles.
func (m *memSink) articles() map[string]int {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]int{}
	for _, r := range m.results {
		if r.Err == nil && r.Article != nil && r.Article.Kind == extract.KindArticle {
			out[r.URL]++
		}
	}
	return out
}

// TestMultiHostCrawl crawls three outlets at once: one throttling 30% of
// its paths with Retry-After, one with Crawl-delay 2 whose articles are
// mostly reachable only through a feed on another host, its sitemaps and
// robots.txt Sitemap line. Every article must be archived, no request may
// come earlier than Retry-After or the delays allow, and the calendar
// trap must stay bounded.
func TestMultiHostCrawl(t *testing.T) {
	a := (&crawltest.NewsHost{Name: "Alpha Times", Articles: 40, Linked: 40, ThrottlePercent: 30, RetryAfter: 2, TimeScale: scale}).Start()
	defer a.Close()
	b := (&crawltest.NewsHost{Name: "Beta Herald", Articles: 60, Linked: 5,
		Robots: "User-agent: *\nCrawl-delay: 2\nDisallow: /private/\nSitemap: {base}/sitemap_index.xml\nSitemap: https://londondaily.example/sitemap.xml\n"}).Start()
	defer b.Close()
	// A feed host serving, among its own pages, a feed of Beta's articles.
	feeds := &crawltest.NewsHost{Name: "Feeds", Articles: 1, Extra: map[string]http.HandlerFunc{
		"/beta.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Beta</title>`)
			for i := range 30 {
				fmt.Fprintf(w, `<item><title>t</title><link>%s</link></item>`, b.ArticleURL(i))
			}
			// Out of scope: dropped, never fetched.
			fmt.Fprint(w, `<item><title>x</title><link>https://londondaily.example/world/x</link></item></channel></rss>`)
		},
	}}
	feeds.Start()
	defer feeds.Close()
	c := (&crawltest.NewsHost{Name: "Gamma Post", Articles: 25, Linked: 3}).Start()
	defer c.Close()

	cfg := Config{
		AllowPrivate: true, Timeout: 10 * time.Second, TimeScale: scale,
		Delay: 15 * time.Millisecond, Parallel: 8, MaxDepth: 3,
		Outlets: []Outlet{
			{Name: "alpha", Start: []string{a.URL() + "/"}},
			{Name: "beta", Start: []string{b.URL() + "/"}, Feeds: []string{feeds.URL() + "/beta.xml"}},
			// Gamma: sitemaps only through its robots.txt, plus the Atom feed.
			{Name: "gamma", Start: []string{c.URL() + "/"}, Feeds: []string{c.URL() + "/atom.xml"}, Exclude: []string{`/calendar/`}},
		},
	}
	sink := &memSink{}
	start := time.Now()
	st := mustRun(t, cfg, sink)
	t.Logf("%v: %+v", time.Since(start), st)

	got := sink.articles()
	for _, h := range []struct {
		host *crawltest.NewsHost
		n    int
	}{{a, 40}, {b, 60}, {c, 25}} {
		for i := range h.n {
			if got[h.host.ArticleURL(i)] != 1 {
				t.Errorf("%s archived %d times, want 1", h.host.ArticleURL(i), got[h.host.ArticleURL(i)])
			}
		}
		if v := h.host.Violations(); len(v) > 0 {
			t.Errorf("requests before Retry-After allowed: %v", v)
		}
	}
	if gap, n := a.MinGap(); gap < 15*time.Millisecond-time.Millisecond {
		t.Errorf("alpha: requests %v apart (of %d), want ≥ 15ms", gap, n)
	}
	if gap, n := b.MinGap(); gap < 20*time.Millisecond-time.Millisecond {
		t.Errorf("beta: requests %v apart (of %d), want ≥ Crawl-delay 2s × %v", gap, n, scale)
	}
	if st.Retries == 0 || st.Hosts[strings.TrimPrefix(a.URL(), "http://")].Retries == 0 {
		t.Errorf("no retries seen: %+v", st)
	}
	// The calendar trap: bounded by depth on alpha and beta, excluded on gamma.
	cal := 0
	for _, h := range []*crawltest.NewsHost{a, b} {
		for k := range h.Hits() {
			if strings.HasPrefix(k, "/calendar/") {
				cal++
			}
		}
	}
	if cal > 10 { // depth 3: five months around January 2025 per host
		t.Errorf("%d calendar pages fetched: the trap is not bounded", cal)
	}
	for k := range c.Hits() {
		if strings.HasPrefix(k, "/calendar/") {
			t.Errorf("gamma: excluded %s fetched", k)
		}
	}
	for k, n := range a.Hits() {
		if n > 2 && k != "/robots.txt" {
			t.Errorf("alpha: %s fetched %d times", k, n)
		}
	}
	if st.Feeds < 2 || st.Sitemaps < 3 || len(st.FailedHosts()) != 0 {
		t.Errorf("feeds %d, sitemaps %d, failed hosts %v", st.Feeds, st.Sitemaps, st.FailedHosts())
	}
	for _, h := range []*crawltest.NewsHost{a, b, c} {
		gap, n := h.MinGap()
		secs := time.Since(start).Seconds()
		t.Logf("%s: %d requests, min gap %v, %.1f req/s", h.URL(), n, gap, float64(n)/secs)
	}
}

// TestSecondRunConditional runs twice against an unchanged site with the
// same frontier: the second run may only send conditional requests, for
// feeds, sitemaps, index pages and articles still fresh, and must fetch no
// old article.
func TestSecondRunConditional(t *testing.T) {
	now := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	// Article i is published i hours before 2025-03-01T12:00: at the first
	// run's clock articles 0–35 are younger than 48h (due every run), 36–49
	// younger than two weeks (due in a week).
	h := (&crawltest.NewsHost{Name: "Delta", Articles: 50, Linked: 10}).Start()
	defer h.Close()
	fr := NewMemoryFrontier()
	cfg := Config{
		AllowPrivate: true, NoDelay: true, TimeScale: scale, Parallel: 4, Frontier: fr,
		Now:     func() time.Time { return now },
		Outlets: []Outlet{{Start: []string{h.URL() + "/"}, Feeds: []string{h.URL() + "/feed.xml"}, Exclude: []string{`/calendar/`}}},
	}
	first := mustRun(t, cfg, &memSink{})
	if first.Articles != 50 {
		t.Fatalf("first run: %+v", first)
	}
	h.Reset()
	now = now.Add(12 * time.Hour) // the next night
	sink := &memSink{}
	second := mustRun(t, cfg, sink)
	t.Logf("first %+v\nsecond %+v", first, second)
	cond := h.Conditional()
	for k, n := range h.Hits() {
		if k == "/robots.txt" {
			continue
		}
		if cond[k] != n {
			t.Errorf("second run: %s fetched without validators", k)
		}
		var i int
		if _, err := fmt.Sscanf(k, "/article/%d", &i); err == nil && i >= 36 {
			t.Errorf("second run re-fetched old article %s", k)
		}
	}
	if second.NotModified == 0 || second.Articles != 0 || second.PagesFetched != second.NotModified {
		t.Errorf("second run: %+v, want only 304s", second)
	}

	// An edited fresh article is fetched again in full on the third run.
	h.Edit(0)
	h.Reset()
	third := mustRun(t, cfg, &memSink{})
	if third.Articles != 1 || h.Hits()["/article/0"] != 1 {
		t.Errorf("third run after an edit: %+v, hits %v", third, h.Hits())
	}
}

// TestMaxDuration stops taking work at the deadline and returns cleanly.
func TestMaxDuration(t *testing.T) {
	h := (&crawltest.NewsHost{Name: "Slow", Articles: 100}).Start()
	defer h.Close()
	cfg := Config{AllowPrivate: true, Delay: 20 * time.Millisecond, MaxDuration: 150 * time.Millisecond,
		Outlets: []Outlet{{Start: []string{h.URL() + "/"}}}}
	start := time.Now()
	st, err := Run(context.Background(), cfg, &memSink{})
	if err != nil || st.Stopped != "max-duration" {
		t.Fatalf("Run: %v, %+v", err, st)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	if st.PagesFetched == 0 || st.PagesFetched > 12 {
		t.Errorf("fetched %d pages in 150ms at 20ms apart", st.PagesFetched)
	}
}
