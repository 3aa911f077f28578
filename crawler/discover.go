package crawler

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Discovery beyond links: feeds (RSS, Atom, JSON Feed, read with gofeed),
// feed autodiscovery (<link rel="alternate"> in an index page's head),
// sitemaps and sitemap indexes (plain or gzipped, with Google News
// <news:publication_date>), and robots.txt Sitemap lines.

// found is a URL a fetch named, before scope and depth checks.
type found struct {
	url       string
	resource  Resource
	published time.Time // from a feed item or a news sitemap
	// sameDepth: a feed or sitemap named by a page or an index keeps the
	// namer's depth, so a deep sitemap index does not run out of depth.
	sameDepth bool
	// sameHostOnly: only on an outlet's hosts (autodiscovered feeds,
	// robots.txt sitemaps); a sitemap index's children may also be on the
	// index's own origin.
	sameHostOnly bool
}

// feedTypes are the <link rel=alternate> types that name a feed.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/json":      false,
}

// feedLinks returns the absolute URLs of the feeds a page's head names.
// It tokenises only up to <body>, so a long page costs little.
func feedLinks(body []byte, pageURL string) []string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	var out []string
	z := html.NewTokenizer(bytes.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return out
			case atom.Base:
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						if b, err := base.Parse(strings.TrimSpace(string(v))); err == nil {
							base = b
						}
					}
				}
			case atom.Link:
				var rel, typ, href string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "rel":
						rel = strings.ToLower(string(v))
					case "type":
						typ = strings.ToLower(strings.TrimSpace(string(v)))
					case "href":
						href = strings.TrimSpace(string(v))
					}
				}
				if href == "" || !feedTypes[typ] || !hasToken(rel, "alternate") {
					continue
				}
				// Normalised here, so a raw byte in the query (found by
				// FuzzFeedLinks) leaves as a percent escape.
				if u, err := base.Parse(href); err == nil && normalize(u) == nil {
					out = append(out, u.String())
				}
			}
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if f == tok {
			return true
		}
	}
	return false
}

// sniffXML says whether body is a sitemap or a feed, by its root element
// (JSON Feeds by their version key). "" for anything else.
func sniffXML(body []byte) Resource {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("{")) {
		if bytes.Contains(trimmed[:min(len(trimmed), 200)], []byte("jsonfeed.org")) {
			return ResourceFeed
		}
		return ""
	}
	d := xml.NewDecoder(bytes.NewReader(trimmed))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	for range 50 {
		tok, err := d.Token()
		if err != nil {
			return ""
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch strings.ToLower(se.Name.Local) {
			case "urlset", "sitemapindex":
				return ResourceSitemap
			case "rss", "feed", "rdf":
				return ResourceFeed
			}
			return ""
		}
	}
	return ""
}

// parseSitemap reads a sitemap (<urlset>) or a sitemap index
// (<sitemapindex>). Element names are matched without their namespace, as
// publishers get namespaces wrong often. A Google News
// <news:publication_date> (or else <lastmod>) becomes the URL's
// publication hint. A document cut short yields the URLs before the cut
// and an error.
func parseSitemap(body []byte) ([]found, error) {
	var out []found
	err := scanSitemap(body, func(f found) bool {
		out = append(out, f)
		return true
	})
	return out, err
}

// scanSitemap is parseSitemap handing each entry to yield as it is read,
// until yield returns false: a sitemap may list 50,000 URLs, and the
// crawl puts them in the frontier a chunk at a time instead of holding
// them all (issue 6).
func scanSitemap(body []byte, yield func(found) bool) error {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		cur     found
		lastmod time.Time
		text    strings.Builder
		depth   int // inside the entry: 1 for its own children
		open    int // elements not yet closed, for a document cut short
	)
	for {
		// RawToken: no namespace resolution, a third fewer allocations
		// on a 50,000-URL sitemap; entries' own children are told from
		// image and video extensions by depth, whatever their prefix.
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			if open > 0 {
				return fmt.Errorf("document cut short: %d elements not closed: %w", open, io.ErrUnexpectedEOF)
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open++
			text.Reset()
			if depth > 0 {
				depth++
				continue
			}
			switch strings.ToLower(t.Name.Local) {
			case "url":
				depth, cur, lastmod = 1, found{resource: ResourcePage}, time.Time{}
			case "sitemap":
				depth, cur, lastmod = 1, found{resource: ResourceSitemap, sameDepth: true}, time.Time{}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			open--
			if depth == 0 {
				continue
			}
			depth--
			name := strings.ToLower(t.Name.Local)
			switch {
			case depth == 1 && name == "loc":
				if cur.url == "" {
					cur.url = strings.TrimSpace(text.String())
				}
			case depth == 1 && name == "lastmod":
				lastmod = parseDate(strings.TrimSpace(text.String()))
			case name == "publication_date": // inside <news:news>
				cur.published = parseDate(strings.TrimSpace(text.String()))
			case depth == 0:
				if cur.url != "" {
					if cur.published.IsZero() && cur.resource == ResourcePage {
						cur.published = lastmod
					}
					if !yield(cur) {
						return nil
					}
				}
			}
			text.Reset()
		}
	}
}

// parseFeed reads an RSS, Atom or JSON feed with gofeed and returns its
// item links with their publication dates.
func parseFeed(body []byte, feedURL string) ([]found, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	base, _ := url.Parse(feedURL)
	var out []found
	for _, it := range f.Items {
		var pub time.Time
		switch {
		case it.PublishedParsed != nil:
			pub = *it.PublishedParsed
		case it.UpdatedParsed != nil:
			pub = *it.UpdatedParsed
		}
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link == "" && strings.HasPrefix(it.GUID, "http") {
			link = it.GUID
		}
		if link != "" {
			// RSS wants absolute links, but feeds written by hand or by
			// small CMSs give paths ("/news/story"): resolved against the
			// feed's own URL, as a reader app does.
			if u, err := url.Parse(strings.TrimSpace(link)); err == nil && !u.IsAbs() && base != nil {
				link = base.ResolveReference(u).String()
			}
			out = append(out, found{url: link, resource: ResourcePage, published: pub})
		}
	}
	return out, nil
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// gunzipLimited inflates a gzip file to at most limit bytes. cut reports
// that there was more (or that the input itself was cut): a gzip bomb
// costs limit bytes and no more.
func gunzipLimited(b []byte, limit int) (out []byte, cut bool) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, true
	}
	defer zr.Close()
	out, err = io.ReadAll(io.LimitReader(zr, int64(limit)+1))
	if len(out) > limit {
		return out[:limit], true
	}
	return out, err != nil
}
