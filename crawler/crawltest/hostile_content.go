package crawltest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// HostileContent is a site of pages built to hurt a crawler: gzip bombs,
// a page far larger than any body limit, nesting deeper than the HTML
// parser accepts, a multi-megabyte attribute, a page of a million
// elements, invalid UTF-8, NUL bytes, SQL and path traversal in titles
// and URLs, and binary noise served as HTML. The home page links to every
// page; robots.txt names a gzip-bombed sitemap.
//
// Every byte is a function of the options, so two runs serve the same
// site. Large pages are streamed, never held in memory.
type HostileContent struct {
	opts HostileOptions

	bombOnce sync.Once
	bomb     []byte // gzip of BombSize bytes of HTML

	mu     sync.Mutex
	counts map[string]int
}

// HostileOptions sizes a HostileContent site. Zero fields take the
// defaults named, which are the full-scale torture figures.
type HostileOptions struct {
	BigPage  int64 // bytes of the oversized page (200 MiB)
	BombSize int64 // decompressed bytes of each gzip bomb (1 GiB)
	Elements int   // elements on the many-elements page (1,000,000)
	AttrSize int   // bytes of the huge attribute (5 MiB)
	Depth    int   // nesting depth of the deep page (600)
}

func (o HostileOptions) withDefaults() HostileOptions {
	if o.BigPage <= 0 {
		o.BigPage = 200 << 20
	}
	if o.BombSize <= 0 {
		o.BombSize = 1 << 30
	}
	if o.Elements <= 0 {
		o.Elements = 1_000_000
	}
	if o.AttrSize <= 0 {
		o.AttrSize = 5 << 20
	}
	if o.Depth <= 0 {
		o.Depth = 600
	}
	return o
}

// HostilePage is one page of a HostileContent site and what an archive
// should make of it.
type HostilePage struct {
	Name string // short label
	Path string // as linked (percent-encoded where needed)
	// Article is true for pages that are well-formed enough to be stored
	// as articles; Headline is then the headline expected verbatim after
	// HTML parsing ("" when the page's bytes make it unpredictable).
	Article  bool
	Headline string
	// Oversized pages must be refused or cut, never stored whole.
	Oversized bool
	// RefuseReason, when set, makes a refusal whose recorded reason holds
	// it as good as storing the article: invalid bytes, or more elements
	// than the extractor's node budget (1,000,000 at full scale).
	RefuseReason string
}

// HostileSQLTitle is the SQL injection headline, to be stored verbatim.
const HostileSQLTitle = `'); DROP TABLE articles;--`

// HostileTraversalTitle is the path traversal headline.
const HostileTraversalTitle = `../../../../etc/passwd and ..\..\windows\win.ini`

// HostileUnicodeTitle mixes right-to-left override, combining marks,
// emoji, a zero-width joiner and characters that need escaping in CSV and
// JSON, all valid UTF-8.
const HostileUnicodeTitle = "Zürich \u202eevil\u202c “quotes”, \"csv\", tab\there 👩‍🔬 e\u0301"

// NewHostileContent returns the site with the given sizes.
func NewHostileContent(o HostileOptions) *HostileContent {
	return &HostileContent{opts: o.withDefaults(), counts: map[string]int{}}
}

// Pages lists the hostile pages, as linked from the home page.
func (s *HostileContent) Pages() []HostilePage {
	return []HostilePage{
		{Name: "gzip bomb (Content-Encoding)", Path: "/bomb", Oversized: true},
		{Name: "gzip bomb (.gz sitemap)", Path: "/sitemap-bomb.xml.gz", Oversized: true},
		{Name: "oversized page", Path: "/big", Oversized: true},
		{Name: "oversized chunked page", Path: "/big-chunked", Oversized: true},
		{Name: fmt.Sprintf("%d-deep nesting", s.opts.Depth), Path: "/deep"},
		{Name: "huge attribute", Path: "/attr", Article: true, Headline: "A page with a huge attribute"},
		{Name: "many elements", Path: "/many", Article: true, Headline: "A page of very many elements", RefuseReason: "budget"},
		{Name: "invalid UTF-8", Path: "/bad-utf8", Article: true, RefuseReason: "UTF-8"},
		{Name: "NUL bytes", Path: "/nul", Article: true},
		{Name: "SQL in title and URL", Path: "/news/2026/01/02/%27);DROP%20TABLE%20articles;--", Article: true, Headline: HostileSQLTitle},
		{Name: "path traversal", Path: "/news/2026/01/03/..%2F..%2F..%2Fetc%2Fpasswd", Article: true, Headline: HostileTraversalTitle},
		{Name: "unicode tricks", Path: "/news/2026/01/04/z%C3%BCrich-%E2%80%AE", Article: true, Headline: HostileUnicodeTitle},
		{Name: "binary noise as HTML", Path: "/noise"},
		{Name: "unclosed everything", Path: "/unclosed"},
	}
}

// Count returns how many times path (as requested, query included) was served.
func (s *HostileContent) Count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[path]
}

// Requests returns the requests served per request URI.
func (s *HostileContent) Requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

// Start serves the site on a new 127.0.0.1 port.
func (s *HostileContent) Start() *httptest.Server { return httptest.NewServer(s) }

func (s *HostileContent) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts[r.URL.RequestURI()]++
	s.mu.Unlock()
	const htmlType = "text/html; charset=utf-8"
	p := r.URL.EscapedPath()
	h := w.Header()
	switch p {
	case "/robots.txt":
		h.Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "User-agent: *\nAllow: /\n\nSitemap: http://%s/sitemap-bomb.xml.gz\n", r.Host)
	case "/":
		var b strings.Builder
		b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile Herald</title></head><body><nav><a href="/">Home</a></nav><main><h1>Hostile Herald</h1><ul>`)
		for _, pg := range s.Pages() {
			fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, pg.Path, pg.Name)
		}
		b.WriteString(`<li><a href="/news/2026/01/05/../../../../etc/passwd">dot segments</a></li>`)
		b.WriteString(`<li><a href="javascript:alert(1)">js</a></li><li><a href="file:///etc/passwd">file</a></li>`)
		b.WriteString(`</ul></main></body></html>`)
		h.Set("Content-Type", htmlType)
		io.WriteString(w, b.String())
	case "/bomb":
		h.Set("Content-Type", htmlType)
		h.Set("Content-Encoding", "gzip")
		w.Write(s.bombBytes())
	case "/sitemap-bomb.xml.gz":
		h.Set("Content-Type", "application/gzip")
		w.Write(s.bombBytes())
	case "/big":
		h.Set("Content-Type", htmlType)
		h.Set("Content-Length", strconv.FormatInt(s.opts.BigPage, 10))
		streamPage(w, "An oversized page", s.opts.BigPage)
	case "/big-chunked":
		h.Set("Content-Type", htmlType)
		streamPage(w, "An oversized chunked page", s.opts.BigPage)
	case "/deep":
		h.Set("Content-Type", htmlType)
		var b bytes.Buffer
		articleHead(&b, "A deeply nested page", p)
		b.WriteString(strings.Repeat("<div>", s.opts.Depth))
		b.WriteString("<h1>A deeply nested page</h1>")
		paragraphs(&b, 5)
		b.WriteString(strings.Repeat("</div>", s.opts.Depth))
		b.WriteString("</body></html>")
		w.Write(b.Bytes())
	case "/attr":
		h.Set("Content-Type", htmlType)
		var b bytes.Buffer
		articleHead(&b, "A page with a huge attribute", p)
		b.WriteString(`<article><h1>A page with a huge attribute</h1><div data-state="`)
		b.Write(bytes.Repeat([]byte("x"), s.opts.AttrSize))
		b.WriteString(`">`)
		paragraphs(&b, 5)
		b.WriteString("</div></article></body></html>")
		w.Write(b.Bytes())
	case "/many":
		h.Set("Content-Type", htmlType)
		var b bytes.Buffer
		articleHead(&b, "A page of very many elements", p)
		b.WriteString(`<article><h1>A page of very many elements</h1>`)
		paragraphs(&b, 5)
		b.WriteString(`<div class="grid">`)
		for i := range s.opts.Elements {
			b.WriteString("<i>")
			b.WriteByte('a' + byte(i%26))
			b.WriteString("</i>")
		}
		b.WriteString("</div></article></body></html>")
		w.Write(b.Bytes())
	case "/bad-utf8":
		h.Set("Content-Type", htmlType)
		var b bytes.Buffer
		articleHead(&b, "Broken \xff\xfe bytes \xc3\x28 in a headline", p)
		b.WriteString("<article><h1>Broken \xff\xfe bytes \xc3\x28 in a headline</h1>")
		b.WriteString("<p>Invalid sequences \xed\xa0\x80 (a surrogate), \xf8\x88\x80\x80\x80 (five bytes) and a lone \x80 continuation sit in this paragraph, which is otherwise long enough to count as the body of a news article about nothing.</p>")
		paragraphs(&b, 4)
		b.WriteString("</article></body></html>")
		w.Write(b.Bytes())
	case "/nul":
		h.Set("Content-Type", htmlType)
		var b bytes.Buffer
		articleHead(&b, "Before\x00After: NUL bytes in a headline", p)
		b.WriteString("<article><h1>Before\x00After: NUL bytes in a headline</h1>")
		b.WriteString("<p>A paragraph with a NUL \x00 byte in the middle of it, which some C libraries would take for the end of the string and cut there, losing the rest.</p>")
		paragraphs(&b, 4)
		b.WriteString("</article></body></html>")
		w.Write(b.Bytes())
	case "/news/2026/01/02/%27);DROP%20TABLE%20articles;--":
		s.article(w, HostileSQLTitle, p)
	case "/news/2026/01/03/..%2F..%2F..%2Fetc%2Fpasswd":
		s.article(w, HostileTraversalTitle, p)
	case "/news/2026/01/04/z%C3%BCrich-%E2%80%AE":
		s.article(w, HostileUnicodeTitle, p)
	case "/etc/passwd":
		// Where the dot-segment link lands after normalisation.
		s.article(w, "Dot segments resolved", p)
	case "/noise":
		h.Set("Content-Type", htmlType)
		x := uint64(0x9E3779B97F4A7C15)
		buf := make([]byte, 256<<10)
		for i := range buf {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			buf[i] = byte(x)
		}
		w.Write(buf)
	case "/unclosed":
		h.Set("Content-Type", htmlType)
		var b bytes.Buffer
		b.WriteString(`<html><head><title>Unclosed <b>everything`)
		for range 2000 {
			b.WriteString(`<div class="x"><p><a href="/unclosed"><table><tr><td><select><option>`)
		}
		b.WriteString(`<!-- never closed <script>var x = "</`)
		w.Write(b.Bytes())
	default:
		http.NotFound(w, r)
	}
}

func (s *HostileContent) article(w http.ResponseWriter, title, path string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b bytes.Buffer
	articleHead(&b, title, path)
	fmt.Fprintf(&b, `<article><h1>%s</h1><p class="byline">By Mallory Tables</p>`, htmlEscape(title))
	paragraphs(&b, 6)
	fmt.Fprintf(&b, `<p>See also <a href="%s">the same story</a> and <a href="../../../../../../etc/passwd">this</a>.</p>`, path)
	b.WriteString("</article></body></html>")
	w.Write(b.Bytes())
}

// articleHead writes the head of an article page: a title, a canonical
// URL and the metadata that mark a news article.
func articleHead(b *bytes.Buffer, title, path string) {
	fmt.Fprintf(b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s | Hostile Herald</title>`+
		`<meta property="og:type" content="article"><meta property="og:title" content="%s">`+
		`<meta property="article:published_time" content="2026-01-02T10:00:00+00:00">`+
		`<meta name="author" content="Mallory Tables"></head><body>`, htmlEscape(title), htmlEscape(title))
	_ = path
}

func htmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

func paragraphs(b *bytes.Buffer, n int) {
	for i := range n {
		fmt.Fprintf(b, "<p>Paragraph %d reports that the council met on Tuesday and agreed, after a long debate about the budget, to publish every document it holds on the matter before the end of the month.</p>", i)
	}
}

// streamPage writes an HTML page of exactly size bytes without holding it.
func streamPage(w io.Writer, title string, size int64) {
	var head bytes.Buffer
	articleHead(&head, title, "")
	fmt.Fprintf(&head, "<article><h1>%s</h1>", title)
	tail := []byte("</article></body></html>")
	para := []byte("<p>The same paragraph again, to make the page very large without end; a crawler must stop reading it somewhere.</p>\n")
	written := int64(0)
	write := func(p []byte) bool {
		if rest := size - int64(len(tail)) - written; int64(len(p)) > rest {
			p = p[:max(rest, 0)]
		}
		n, err := w.Write(p)
		written += int64(n)
		return err == nil && n > 0
	}
	write(head.Bytes())
	chunk := bytes.Repeat(para, 64<<10/len(para))
	for written+int64(len(tail)) < size {
		if !write(chunk) {
			return // the client went away
		}
	}
	w.Write(tail)
}

// bombBytes is a gzip stream that inflates to BombSize bytes of HTML,
// made once and kept (about BombSize/1000 bytes).
func (s *HostileContent) bombBytes() []byte {
	s.bombOnce.Do(func() {
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
		io.WriteString(zw, `<!doctype html><html><head><title>Bomb</title></head><body><p>`)
		chunk := bytes.Repeat([]byte("a"), 1<<20)
		for n := int64(0); n < s.opts.BombSize; n += int64(len(chunk)) {
			zw.Write(chunk)
		}
		zw.Close()
		s.bomb = z.Bytes()
	})
	return s.bomb
}
