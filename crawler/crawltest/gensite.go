package crawltest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// GenSite is a generated news site of any size, for crawl benchmarks
// (cmd/crawlbench) and tests that need many pages: a home page, paginated
// section pages, article pages of about 85 KB each (navigation, masthead,
// JSON-LD, a large inline state script as modern CMSs embed, body text,
// share and newsletter boxes, 20 related links, a most-read list and a
// long footer), four static pages, robots.txt, an RSS feed and a sitemap.
//
// Every byte is a function of the article count and the path, so two runs
// serve the same site. Pages are rendered on request, not held in memory, so
// a site of 50,000 articles costs nothing until it is crawled. Links are
// root-relative and canonical URLs use the Host of the request, so the site
// works on any loopback port.
//
// GenSite counts the requests it serves per path (see [GenSite.Counts]),
// which is how a benchmark tells duplicate fetches from the server's side.
type GenSite struct {
	articles int
	perIndex int
	meta     []atomic.Pointer[genMeta] // per article, filled on first use

	mu     sync.Mutex
	counts map[string]int
}

// GenSectionNames are the sections of a GenSite; article i is in section
// i mod len(GenSectionNames).
var GenSectionNames = []string{"world", "uk", "politics", "business", "technology", "science", "sport", "culture"}

// genStaticPages are the pages every footer links to.
var genStaticPages = []string{"/about", "/contact", "/privacy", "/terms"}

// genPerIndex is the number of article teasers on one section page.
const genPerIndex = 40

// NewGenSite returns a site of the given number of articles (at least 1).
func NewGenSite(articles int) *GenSite {
	n := max(articles, 1)
	return &GenSite{articles: n, perIndex: genPerIndex, meta: make([]atomic.Pointer[genMeta], n), counts: map[string]int{}}
}

// genMeta is what other pages show of an article: kept once computed, as
// every article is linked from dozens of pages.
type genMeta struct {
	path, title, dek string
}

func (s *GenSite) article(i int) *genMeta {
	if m := s.meta[i].Load(); m != nil {
		return m
	}
	d := s.date(i)
	m := &genMeta{
		path: fmt.Sprintf("/%s/%04d/%02d/%02d/%s-a%d", GenSectionNames[i%len(GenSectionNames)],
			d.Year(), d.Month(), d.Day(), genSlug(i), i),
		title: genTitle(i),
		dek:   genStandfirst(i),
	}
	s.meta[i].Store(m) // computed the same by every racer
	return m
}

// Articles is the number of article pages.
func (s *GenSite) Articles() int { return s.articles }

// sectionArticles is how many articles section k holds.
func (s *GenSite) sectionArticles(k int) int {
	n := len(GenSectionNames)
	c := s.articles / n
	if k < s.articles%n {
		c++
	}
	return c
}

func (s *GenSite) sectionPages(k int) int {
	return max(1, (s.sectionArticles(k)+s.perIndex-1)/s.perIndex)
}

// IndexPages is the number of index pages: the home page and every page of
// every section.
func (s *GenSite) IndexPages() int {
	n := 1
	for k := range GenSectionNames {
		n += s.sectionPages(k)
	}
	return n
}

// HTMLPages is the number of HTML pages: articles, index pages and the
// static pages.
func (s *GenSite) HTMLPages() int {
	return s.articles + s.IndexPages() + len(genStaticPages)
}

// Resources is the number of distinct URLs the site serves with 200:
// the HTML pages plus robots.txt, feed.xml and sitemap.xml. A crawl from
// the home page that follows every link fetches each of them once
// (robots.txt included, when robots.txt is obeyed).
func (s *GenSite) Resources() int { return s.HTMLPages() + 3 }

// ArticlePath is the path of article i, 0 ≤ i < Articles(); article 0 is
// the oldest.
func (s *GenSite) ArticlePath(i int) string { return s.article(i).path }

func sectionPagePath(k, page int) string {
	if page <= 1 {
		return "/" + GenSectionNames[k] + "/"
	}
	return fmt.Sprintf("/%s/page/%d", GenSectionNames[k], page)
}

// FetchCounts is what a GenSite has served since it was made or reset.
type FetchCounts struct {
	Requests   int // all requests
	Unique     int // distinct request URIs
	Duplicates int // requests for a URI served before (Requests - Unique)
	NotFound   int // requests answered 404
}

// Counts returns the requests served so far.
func (s *GenSite) Counts() FetchCounts {
	s.mu.Lock()
	defer s.mu.Unlock()
	var c FetchCounts
	for k, n := range s.counts {
		if k == " 404" {
			c.NotFound = n
			continue
		}
		c.Requests += n
		c.Unique++
	}
	c.Duplicates = c.Requests - c.Unique
	return c
}

// DuplicatePaths returns the request URIs served more than once, sorted.
func (s *GenSite) DuplicatePaths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for k, n := range s.counts {
		if n > 1 && k != " 404" {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// ResetCounts forgets the requests served so far.
func (s *GenSite) ResetCounts() {
	s.mu.Lock()
	clear(s.counts)
	s.mu.Unlock()
}

// ServeHTTP serves the site. Every response has a Content-Length; unknown
// paths get 404 (counted apart from the others).
func (s *GenSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	origin := "http://" + r.Host
	body, ctype, ok := s.Page(origin, r.URL.Path)
	s.mu.Lock()
	if ok {
		s.counts[r.URL.RequestURI()]++
	} else {
		s.counts[" 404"]++
	}
	s.mu.Unlock()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Last-Modified", genEpoch.Format(http.TimeFormat))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

// Page renders the resource at path as served from origin (scheme and
// host, e.g. "http://127.0.0.1:8080"), with its Content-Type.
func (s *GenSite) Page(origin, path string) (body []byte, contentType string, ok bool) {
	const htmlType = "text/html; charset=utf-8"
	switch path {
	case "/":
		return s.renderHome(origin), htmlType, true
	case "/robots.txt":
		return []byte("User-agent: *\nAllow: /\n\nSitemap: " + origin + "/sitemap.xml\n"), "text/plain; charset=utf-8", true
	case "/feed.xml":
		return s.renderFeed(origin), "application/rss+xml; charset=utf-8", true
	case "/sitemap.xml":
		return s.renderSitemap(origin), "application/xml; charset=utf-8", true
	}
	if slices.Contains(genStaticPages, path) {
		return s.renderStatic(origin, path), htmlType, true
	}
	if k, page, ok := s.parseSectionPath(path); ok {
		return s.renderSection(origin, k, page), htmlType, true
	}
	if i, ok := s.parseArticlePath(path); ok {
		return s.renderArticle(origin, i), htmlType, true
	}
	return nil, "", false
}

func (s *GenSite) parseSectionPath(path string) (k, page int, ok bool) {
	rest, found := strings.CutPrefix(path, "/")
	if !found {
		return 0, 0, false
	}
	name, tail, _ := strings.Cut(rest, "/")
	k = slices.Index(GenSectionNames, name)
	if k < 0 {
		return 0, 0, false
	}
	switch {
	case tail == "":
		page = 1
	case strings.HasPrefix(tail, "page/"):
		p, err := strconv.Atoi(tail[len("page/"):])
		if err != nil || p < 2 || p > s.sectionPages(k) {
			return 0, 0, false
		}
		page = p
	default:
		return 0, 0, false
	}
	return k, page, path == sectionPagePath(k, page)
}

func (s *GenSite) parseArticlePath(path string) (int, bool) {
	j := strings.LastIndex(path, "-a")
	if j < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(path[j+2:])
	if err != nil || i < 0 || i >= s.articles {
		return 0, false
	}
	return i, path == s.ArticlePath(i)
}

// genEpoch is the publication time of the newest article.
var genEpoch = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// date is article i's publication time: the newest article (the highest
// number) at genEpoch, one every 17 minutes before it.
func (s *GenSite) date(i int) time.Time {
	return genEpoch.Add(-time.Duration(s.articles-1-i) * 17 * time.Minute)
}
