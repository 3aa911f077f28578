package crawler

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// The crawler reads sitemaps, feeds and pages' feed links from any server:
// none of them may panic, hang or yield a link that is not valid UTF-8.

func FuzzParseSitemap(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://n.example/a</loc><lastmod>2026-01-02</lastmod></url></urlset>`,
		`<sitemapindex><sitemap><loc>https://n.example/s1.xml</loc></sitemap></sitemapindex>`,
		`<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://n.example/b</loc><news:news><news:publication_date>2026-11-25T08:00:00+01:00</news:publication_date></news:news></url>`,
		"<urlset><url><loc>\xff\xfe</loc></url>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out, _ := parseSitemap(body)
		if locs := bytes.Count(bytes.ToLower(body), []byte("loc>")); len(out) > locs {
			t.Fatalf("%d links from a document with %d loc tags", len(out), locs)
		}
		for _, l := range out {
			if !utf8.ValidString(l.url) {
				t.Fatalf("invalid UTF-8 link %q", l.url)
			}
		}
	})
}

func FuzzParseFeed(f *testing.F) {
	for _, s := range []string{
		`<rss version="2.0"><channel><item><link>https://n.example/a</link><pubDate>Wed, 25 Nov 2026 08:00:00 +0100</pubDate></item></channel></rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://n.example/b"/><published>2026-11-25T08:00:00Z</published></entry></feed>`,
		`{"version":"https://jsonfeed.org/version/1.1","items":[{"url":"https://n.example/c","date_published":"2026-11-25T08:00:00Z"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out, _ := parseFeed(body, "https://news.example/feed.xml")
		for _, l := range out {
			if !utf8.ValidString(l.url) {
				t.Fatalf("invalid UTF-8 link %q", l.url)
			}
		}
	})
}

func FuzzFeedLinks(f *testing.F) {
	f.Add([]byte(`<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head></html>`), "https://n.example/")
	f.Add([]byte(`<link rel="ALTERNATE stylesheet" type="application/atom+xml" href="//other.example/a">`), "http://n.example/x/y")
	f.Fuzz(func(t *testing.T, body []byte, page string) {
		for _, l := range feedLinks(body, page) {
			if !utf8.ValidString(l) {
				t.Fatalf("invalid UTF-8 feed link %q", l)
			}
		}
	})
}
