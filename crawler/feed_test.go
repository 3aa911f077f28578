package crawler

import (
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
