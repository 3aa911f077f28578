// Package crawltest serves generated news sites for tests, in the spirit of
// net/http/httptest: crawler tests, crawlbench and torture start a server on
// loopback with one of these handlers and compare what was archived with the
// site's own truth.
//
// The first site is "London Daily" ([LondonDaily]): one real article page
// (the embedded seed text, parsed at init, never retyped) rebuilt as the HTML
// a modern news CMS would serve, surrounded by fifty generated articles, a
// home page, section pages, author pages, robots.txt, a sitemap and an RSS
// feed. Every page declares its canonical URL on [LondonDailyHost] while its
// links are root-relative, so crawls on any port archive the same canonical
// URLs.
//
// The package is split into files by behaviour:
//   - londondaily.go: the exported API and the HTTP handler
//   - londondaily_seed.go: parsing the seed text
//   - londondaily_site.go: assembling the site (authors, related lists)
//   - londondaily_gen.go: the generated articles (titles, slugs, dates, bodies)
//   - londondaily_pages.go: rendering HTML pages from templates/
//   - londondaily_feeds.go: robots.txt, sitemap.xml and feed.xml
package crawltest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"time"
)

// LondonDailyHost is the scheme and host every London Daily page declares
// in rel=canonical and og:url, whatever address the test server listens on.
const LondonDailyHost = "https://londondaily.example"

// SeedPath is the path of the seed article, the one real page of the site.
const SeedPath = "/world/2021/dec/13/putin-johnson-urgent-talks-nato-ukraine"

// SiteArticle is the truth about one article page of a generated site: what
// an extractor should find on it.
type SiteArticle struct {
	Path         string // root-relative path the page is served at
	CanonicalURL string // LondonDailyHost + Path
	Headline     string // without the " | London Daily" suffix
	Standfirst   string
	Paragraphs   []string // the body, in reading order
	Author       string
	// PublishedAt is the expected publication date exactly as the page
	// states it: RFC 3339 with the page's own offset (e.g.
	// "2026-01-05T09:14:00+00:00") when the page carries a machine-readable
	// time, "YYYY-MM-DD" when only a day is written in the byline text, and
	// "" for the one article that states no date at all.
	PublishedAt string
	Related     []RelatedLink // the article's related-article list, in order
}

// RelatedLink is one entry of an article's related-article list.
type RelatedLink struct {
	Path         string // root-relative href as written in the page
	CanonicalURL string // LondonDailyHost + Path
	Title        string // the link text
}

// LondonDaily returns a handler serving the whole London Daily site: HTML
// pages as text/html; charset=utf-8, plus /robots.txt, /sitemap.xml,
// /feed.xml and the static assets. Unknown paths get 404. Responses carry a
// strong ETag, so conditional requests get 304.
func LondonDaily() http.Handler {
	return http.HandlerFunc(serveLondonDaily)
}

// LondonDailyArticles returns the truth for all 51 article pages, the seed
// article first, then the generated articles in the order of the seed's
// related list. The result is a fresh copy the caller may modify.
func LondonDailyArticles() []SiteArticle {
	out := make([]SiteArticle, len(londonDaily.articles))
	for i, a := range londonDaily.articles {
		sa := a.SiteArticle
		sa.Paragraphs = append([]string(nil), sa.Paragraphs...)
		sa.Related = append([]RelatedLink(nil), sa.Related...)
		out[i] = sa
	}
	return out
}

// LondonDailyIndexPaths returns the paths of the home page and the section
// pages, home first.
func LondonDailyIndexPaths() []string {
	out := []string{"/"}
	for _, s := range londonDaily.sections {
		out = append(out, s.Path)
	}
	return out
}

// LondonDailyPaths returns the path of every HTML page the site serves:
// index pages, articles, author pages and the static pages (about, contact,
// privacy, terms, search), sorted.
func LondonDailyPaths() []string {
	return append([]string(nil), londonDaily.htmlPaths...)
}

// LondonDailyPage returns the bytes the site serves at path (any served
// resource: HTML pages, robots.txt, sitemap.xml, feed.xml, assets), for
// golden tests without a server. The bytes are the same on every call.
func LondonDailyPage(path string) ([]byte, bool) {
	r, ok := londonDaily.resources[path]
	if !ok {
		return nil, false
	}
	return bytes.Clone(r.body), true
}

// resource is one rendered response of a site.
type resource struct {
	contentType string
	body        []byte
	etag        string
}

func newResource(contentType string, body []byte) resource {
	sum := sha256.Sum256(body)
	return resource{
		contentType: contentType,
		body:        body,
		etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
	}
}

func serveLondonDaily(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	res, ok := londonDaily.resources[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", res.contentType)
	h.Set("ETag", res.etag)
	h.Set("Cache-Control", "max-age=60")
	// ServeContent answers If-None-Match and Range from the ETag; a zero
	// modtime keeps Last-Modified out so responses stay byte-identical.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(res.body))
}
