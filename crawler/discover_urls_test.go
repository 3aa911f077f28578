package crawler

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// Feeds written by hand or by small CMSs give item links as paths: they
// resolve against the feed's own URL, absolute links stay as they are.
func TestFeedRelativeLinks(t *testing.T) {
	cases := map[string][]string{
		`<rss version="2.0"><channel><item><link>/news/2025/10/01/story</link></item>` +
			`<item><link>https://other.example/a</link></item><item><link>story-two</link></item></channel></rss>`: {
			"https://news.example/news/2025/10/01/story", "https://other.example/a", "https://news.example/feeds/story-two"},
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/b"/><published>2025-10-01T08:00:00Z</published></entry></feed>`: {
			"https://news.example/b"},
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"/c"}]}`: {"https://news.example/c"},
	}
	for body, want := range cases {
		out, err := parseFeed([]byte(body), "https://news.example/feeds/main.xml")
		if err != nil {
			t.Fatalf("%.40s: %v", body, err)
		}
		var got []string
		for _, f := range out {
			got = append(got, f.url)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%.40s…: links %q, want %q", body, got, want)
		}
	}
}

// End to end: a story named only by a feed's relative link, one linked
// under a <base href>, and one a page moves to by meta refresh are all
// fetched.
func TestRunFollowsRelativeDiscovery(t *testing.T) {
	s := newTestSite(t)
	s.html("/", "/feed.xml", "/based", "/moving")
	s.handle("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>Only in the feed</title><link>/feed-only</link></item></channel></rss>`)
	})
	page := func(head, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head>%s<title>t</title></head><body>%s</body></html>`, head, body)
		}
	}
	s.handle("/based", page(`<base href="/other/">`, `<a href="under-base">Under the base</a>`))
	s.handle("/moving", page(`<meta http-equiv="refresh" content="0; url=/moved-here">`, `Moved`))
	for _, p := range []string{"/feed-only", "/other/under-base", "/moved-here"} {
		s.html(p)
	}
	mustRun(t, testConfig(s.URL+"/"), &memSink{})
	for _, p := range []string{"/feed-only", "/other/under-base", "/moved-here"} {
		if s.hitCount(p) != 1 {
			t.Errorf("%s fetched %d times, want 1 (hits: %v)", p, s.hitCount(p), s.pageHits())
		}
	}
}

// A redirect to a URL with tracking parameters, on a page naming no
// canonical URL, keys the article as a link to it would be queued.
func TestRedirectCanonicalDropsTracking(t *testing.T) {
	s := newTestSite(t)
	s.html("/", "/moved")
	s.handle("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/story?utm_source=home&id=7", http.StatusMovedPermanently)
	})
	s.html("/story")
	sink := &memSink{}
	mustRun(t, testConfig(s.URL+"/"), sink)
	r := sink.byURL()[s.URL+"/moved"]
	if r == nil || r.Article == nil {
		t.Fatalf("no article for /moved: %v", sink.urls())
	}
	if want := s.URL + "/story?id=7"; r.Article.CanonicalURL != want {
		t.Errorf("canonical %q, want %q (final URL %q)", r.Article.CanonicalURL, want, r.FinalURL)
	}
}
