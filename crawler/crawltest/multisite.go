package crawltest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// NewsHost is one host of a fake multi-host news site for crawler tests:
// a home page, sections, articles, an RSS feed, an Atom feed, a sitemap
// index with a gzipped sitemap and a Google News sitemap, robots.txt with a
// Sitemap line, a calendar trap, redirects, and misbehaviour on demand
// (429/503 with Retry-After, robots.txt variants). Only some articles are
// linked from the index pages; the rest are reachable only through the
// feeds and sitemaps, so a complete crawl proves discovery works.
//
// Configure the exported fields, then call Start. The host counts what it
// serves and checks politeness as a server would see it.
type NewsHost struct {
	Name     string // used in headlines
	Articles int    // article pages, /article/0 … /article/N-1
	Linked   int    // how many of the newest are linked from index pages
	Sections int    // section pages (default 3)

	// Robots is the robots.txt body, with "{base}" replaced by URL(); ""
	// serves a default that names the sitemap index. RobotsStatus, when not 0 or 200, is served instead.
	Robots       string
	RobotsStatus int
	// ThrottlePercent of article and index paths answer their first
	// request with 429 or 503 and a Retry-After of RetryAfter seconds
	// (alternately as delay-seconds and as an HTTP date).
	ThrottlePercent int
	RetryAfter      int
	// TimeScale is the crawler's: a Retry-After of N seconds allows the
	// next request after N×TimeScale. 0 means 1.
	TimeScale float64
	// Published is the date of article 0; article i is i hours older.
	Published time.Time
	// Extra handlers by path, served before the generated site.
	Extra map[string]http.HandlerFunc

	srv *httptest.Server

	mu           sync.Mutex
	hits         map[string]int
	conditional  map[string]int // requests with If-None-Match or If-Modified-Since
	notModified  int
	times        []time.Time // every request but robots.txt
	blockedUntil time.Time
	violations   []string
	throttled    map[string]bool
	changed      map[int]bool // articles edited since the start
}

// Start serves the host on a new 127.0.0.1 port.
func (h *NewsHost) Start() *NewsHost {
	if h.Sections <= 0 {
		h.Sections = 3
	}
	if h.Linked <= 0 || h.Linked > h.Articles {
		h.Linked = h.Articles
	}
	if h.TimeScale <= 0 {
		h.TimeScale = 1
	}
	if h.Published.IsZero() {
		h.Published = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	}
	h.hits, h.conditional = map[string]int{}, map[string]int{}
	h.throttled, h.changed = map[string]bool{}, map[int]bool{}
	// Unstarted first, so the serving goroutines start after h.srv is set.
	h.srv = httptest.NewUnstartedServer(http.HandlerFunc(h.serve))
	h.srv.Start()
	return h
}

// URL is the host's base URL, "http://127.0.0.1:PORT".
func (h *NewsHost) URL() string { return h.srv.URL }

// Close stops the server.
func (h *NewsHost) Close() { h.srv.Close() }

// ArticleURL returns the URL of article i.
func (h *NewsHost) ArticleURL(i int) string { return h.srv.URL + fmt.Sprintf("/article/%d", i) }

// Hits returns the requests served per path (query included).
func (h *NewsHost) Hits() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]int, len(h.hits))
	for k, v := range h.hits {
		out[k] = v
	}
	return out
}

// Conditional returns the requests per path that carried a validator.
func (h *NewsHost) Conditional() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]int, len(h.conditional))
	for k, v := range h.conditional {
		out[k] = v
	}
	return out
}

// Violations lists requests that came earlier than a Retry-After allowed.
func (h *NewsHost) Violations() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.violations...)
}

// MinGap returns the shortest time between two requests (robots.txt
// excluded), and the number of requests.
func (h *NewsHost) MinGap() (time.Duration, int) {
	h.mu.Lock()
	ts := append([]time.Time(nil), h.times...)
	h.mu.Unlock()
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	gap := time.Duration(-1)
	for i := 1; i < len(ts); i++ {
		if d := ts[i].Sub(ts[i-1]); gap < 0 || d < gap {
			gap = d
		}
	}
	return gap, len(ts)
}

// Reset forgets the counts (not the throttling already done).
func (h *NewsHost) Reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hits, h.conditional, h.times, h.violations, h.notModified = map[string]int{}, map[string]int{}, nil, nil, 0
}

// Edit changes article i's body, so its ETag changes too.
func (h *NewsHost) Edit(i int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.changed[i] = true
}

func (h *NewsHost) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	now := time.Now()
	h.mu.Lock()
	h.hits[key]++
	if r.URL.Path != "/robots.txt" {
		h.times = append(h.times, now)
		if now.Before(h.blockedUntil) {
			h.violations = append(h.violations, fmt.Sprintf("%s at %s, %s before Retry-After allowed", key, now.Format("15:04:05.000"), h.blockedUntil.Sub(now)))
		}
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
			h.conditional[key]++
		}
	}
	throttle := h.ThrottlePercent > 0 && !h.throttled[key] && r.URL.Path != "/robots.txt" && pct(key) < h.ThrottlePercent
	if throttle {
		h.throttled[key] = true
		h.blockedUntil = now.Add(time.Duration(float64(h.RetryAfter) * float64(time.Second) * h.TimeScale))
	}
	extra := h.Extra[r.URL.Path]
	h.mu.Unlock()

	if throttle {
		status := http.StatusTooManyRequests
		if pct(key+"503") < 50 {
			status = http.StatusServiceUnavailable
		}
		if pct(key+"date") < 50 {
			// An HTTP date, measured from the response's own Date header.
			date := now.UTC().Truncate(time.Second)
			w.Header().Set("Date", date.Format(http.TimeFormat))
			w.Header().Set("Retry-After", date.Add(time.Duration(h.RetryAfter)*time.Second).Format(http.TimeFormat))
		} else {
			w.Header().Set("Retry-After", strconv.Itoa(h.RetryAfter))
		}
		http.Error(w, "slow down", status)
		return
	}
	if extra != nil {
		extra(w, r)
		return
	}
	body, ctype, ok := h.render(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Path == "/robots.txt" && h.RobotsStatus != 0 && h.RobotsStatus != 200 {
		http.Error(w, "robots unavailable", h.RobotsStatus)
		return
	}
	sum := sha256.Sum256(body)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// pct maps a key to 0..99, the same on every run.
func pct(key string) int {
	f := fnv.New32a()
	f.Write([]byte(key))
	return int(f.Sum32() % 100)
}

func (h *NewsHost) render(path string) ([]byte, string, bool) {
	const html = "text/html; charset=utf-8"
	switch {
	case path == "/robots.txt":
		if h.Robots != "" {
			return []byte(strings.ReplaceAll(h.Robots, "{base}", h.srv.URL)), "text/plain", true
		}
		return []byte("User-agent: *\nDisallow: /private/\n\nSitemap: " + h.srv.URL + "/sitemap_index.xml\n"), "text/plain", true
	case path == "/":
		var b strings.Builder
		h.head(&b, h.Name+" — home", `<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed.xml">`)
		b.WriteString("<body><nav>")
		for s := range h.Sections {
			fmt.Fprintf(&b, `<a href="/section/%d">Section %d</a> `, s, s)
		}
		b.WriteString(`<a href="/calendar/2025/01">Archive</a></nav><main><h1>` + h.Name + `</h1><ul>`)
		for i := range h.Linked {
			fmt.Fprintf(&b, `<li><a href="/article/%d">%s</a></li>`, i, h.headline(i))
		}
		b.WriteString("</ul></main></body></html>")
		return []byte(b.String()), html, true
	case strings.HasPrefix(path, "/section/"):
		s, err := strconv.Atoi(strings.TrimPrefix(path, "/section/"))
		if err != nil || s < 0 || s >= h.Sections {
			return nil, "", false
		}
		var b strings.Builder
		h.head(&b, fmt.Sprintf("Section %d", s), "")
		fmt.Fprintf(&b, `<body><nav><a href="/">Home</a></nav><main><h1>Section %d</h1><ul>`, s)
		for i := s; i < h.Linked; i += h.Sections {
			fmt.Fprintf(&b, `<li><a href="/article/%d">%s</a></li>`, i, h.headline(i))
		}
		b.WriteString("</ul></main></body></html>")
		return []byte(b.String()), html, true
	case strings.HasPrefix(path, "/article/"):
		i, err := strconv.Atoi(strings.TrimPrefix(path, "/article/"))
		if err != nil || i < 0 || i >= h.Articles {
			return nil, "", false
		}
		return h.article(i), html, true
	case strings.HasPrefix(path, "/calendar/"):
		// A crawler trap: every month links to the next and the previous.
		var y, m int
		if _, err := fmt.Sscanf(path, "/calendar/%d/%d", &y, &m); err != nil {
			return nil, "", false
		}
		t := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		var b strings.Builder
		h.head(&b, "Archive "+t.Format("January 2006"), "")
		fmt.Fprintf(&b, `<body><h1>Archive</h1><a href="/calendar/%s">previous</a> <a href="/calendar/%s">next</a></body></html>`,
			t.AddDate(0, -1, 0).Format("2006/01"), t.AddDate(0, 1, 0).Format("2006/01"))
		return []byte(b.String()), html, true
	case path == "/feed.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` + h.Name + `</title><link>` + h.srv.URL + `/</link><description>news</description>`)
		for i := range min(20, h.Articles) {
			fmt.Fprintf(&b, `<item><title>%s</title><link>%s</link><pubDate>%s</pubDate></item>`, h.headline(i), h.ArticleURL(i), h.published(i).Format(time.RFC1123Z))
		}
		b.WriteString(`</channel></rss>`)
		return []byte(b.String()), "application/rss+xml", true
	case path == "/atom.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>` + h.Name + `</title><id>` + h.srv.URL + `/</id><updated>2025-03-01T12:00:00Z</updated>`)
		for i := 0; i < h.Articles; i += 7 {
			fmt.Fprintf(&b, `<entry><title>%s</title><id>%s</id><link rel="alternate" href="%s"/><updated>%s</updated></entry>`, h.headline(i), h.ArticleURL(i), h.ArticleURL(i), h.published(i).Format(time.RFC3339))
		}
		b.WriteString(`</feed>`)
		return []byte(b.String()), "application/atom+xml", true
	case path == "/sitemap_index.xml":
		s := `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
			`<sitemap><loc>` + h.srv.URL + `/sitemap-articles.xml.gz</loc></sitemap>` +
			`<sitemap><loc>` + h.srv.URL + `/news-sitemap.xml</loc></sitemap></sitemapindex>`
		return []byte(s), "application/xml", true
	case path == "/sitemap-articles.xml.gz":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range h.Articles {
			fmt.Fprintf(&b, `<url><loc>%s</loc><lastmod>%s</lastmod></url>`, h.ArticleURL(i), h.published(i).Format(time.DateOnly))
		}
		b.WriteString(`</urlset>`)
		var z bytes.Buffer
		zw := gzip.NewWriter(&z)
		zw.Write([]byte(b.String()))
		zw.Close()
		return z.Bytes(), "application/gzip", true
	case path == "/news-sitemap.xml":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">`)
		for i := range min(10, h.Articles) {
			fmt.Fprintf(&b, `<url><loc>%s</loc><news:news><news:publication><news:name>%s</news:name><news:language>en</news:language></news:publication><news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>`,
				h.ArticleURL(i), h.Name, h.published(i).Format(time.RFC3339), h.headline(i))
		}
		b.WriteString(`</urlset>`)
		return []byte(b.String()), "application/xml", true
	}
	return nil, "", false
}

func (h *NewsHost) head(b *strings.Builder, title, extra string) {
	fmt.Fprintf(b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s</title>%s</head>`, title, extra)
}

func (h *NewsHost) headline(i int) string {
	return fmt.Sprintf("%s reports story number %d on the council budget", h.Name, i)
}

func (h *NewsHost) published(i int) time.Time { return h.Published.Add(-time.Duration(i) * time.Hour) }

func (h *NewsHost) article(i int) []byte {
	h.mu.Lock()
	changed := h.changed[i]
	h.mu.Unlock()
	var b strings.Builder
	h.head(&b, h.headline(i)+" | "+h.Name, fmt.Sprintf(`<link rel="canonical" href="%s"><meta property="og:type" content="article"><meta property="article:published_time" content="%s">`,
		h.ArticleURL(i), h.published(i).Format(time.RFC3339)))
	fmt.Fprintf(&b, `<body><nav><a href="/">Home</a> <a href="/section/%d">Section</a></nav><main><article><h1>%s</h1>`, i%h.Sections, h.headline(i))
	fmt.Fprintf(&b, `<p class="byline">By Reporter %d</p><time datetime="%s">%s</time>`, i%5, h.published(i).Format(time.RFC3339), h.published(i).Format("2 January 2006"))
	for p := range 5 {
		fmt.Fprintf(&b, "<p>Paragraph %d of story %d tells readers what the council decided about the budget and why the vote mattered to residents of the borough.</p>", p, i)
	}
	if changed {
		b.WriteString("<p>Update: this story was corrected after publication.</p>")
	}
	b.WriteString(`</article></main></body></html>`)
	return []byte(b.String())
}
