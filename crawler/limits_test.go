package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// countingWriter counts the body bytes a handler managed to write.
type countingWriter struct {
	http.ResponseWriter
	n *atomic.Int64
}

func (c countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n.Add(int64(n))
	return n, err
}

// TestSizeCapAndGzipBomb: a page larger than the cap and a gzip bomb (as
// Content-Encoding and as a .xml.gz sitemap) are cut at the cap after
// decompression, flagged truncated, and the client stops reading.
func TestSizeCapAndGzipBomb(t *testing.T) {
	const limit = 64 << 10
	var bigWritten atomic.Int64
	// 64 MiB of spaces inside a <p>: gzips to about 64 KiB.
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte("<html><body><p>"))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 64 {
		zw.Write(chunk)
	}
	zw.Close()
	var smBomb bytes.Buffer
	zw = gzip.NewWriter(&smBomb)
	zw.Write([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`))
	for range 16 {
		zw.Write(chunk)
	}
	zw.Close()

	s := newTestSite(t)
	s.html("/", "/big", "/bomb")
	s.handle("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		cw := countingWriter{w, &bigWritten}
		fmt.Fprint(cw, "<html><body><a href=\"/after\">x</a>")
		line := bytes.Repeat([]byte("<p>filler text</p>"), 1000)
		for range 3000 { // ~54 MB
			if _, err := cw.Write(line); err != nil {
				return
			}
		}
	})
	s.handle("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	s.handle("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(smBomb.Bytes())
	})
	s.html("/after")
	cfg := testConfig()
	cfg.Outlets = []Outlet{{Start: []string{s.URL + "/"}, Sitemaps: []string{s.URL + "/sitemap.xml.gz"}}}
	cfg.MaxBodySize = limit
	sink := &memSink{}
	st := mustRun(t, cfg, sink)
	res := sink.byURL()
	for _, p := range []string{"/big", "/bomb", "/sitemap.xml.gz"} {
		r := res[s.URL+p]
		if r == nil || !r.Truncated || r.Bytes != limit {
			t.Errorf("%s: %+v, want truncated at %d bytes", p, r, limit)
		}
	}
	if s.hitCount("/after") != 1 {
		t.Error("link before the cut not followed")
	}
	// The server could write what the socket buffers hold, not 54 MB.
	if n := bigWritten.Load(); n > 16<<20 {
		t.Errorf("server wrote %d bytes of /big: the client kept reading past the cap", n)
	}
	if st.Truncated != 3 {
		t.Errorf("stats %+v", st)
	}
}

// TestCharsets: pages in legacy encodings, declared by the HTTP header,
// by <meta> only, or not at all, are archived as the right UTF-8 text.
func TestCharsets(t *testing.T) {
	type page struct {
		enc      encoding.Encoding
		name     string
		headline string
	}
	pages := []page{
		{charmap.Windows1252, "windows-1252", "Café society’s “big” night"},
		{charmap.ISO8859_1, "iso-8859-1", "Señor Müller à Genève"},
		{japanese.ShiftJIS, "shift_jis", "東京の天気予報"},
		{simplifiedchinese.GB18030, "gb18030", "北京新闻报道"},
	}
	s := newTestSite(t)
	var links []string
	for _, p := range pages {
		body := fmt.Sprintf("<html><head>%%s<title>%s</title></head><body><article><h1>%s</h1><p>%s</p></article></body></html>", p.headline, p.headline, strings.Repeat(p.headline+" ", 20))
		for _, how := range []string{"header", "meta", "none"} {
			meta, ctype := "", "text/html; charset="+p.name
			switch how {
			case "meta":
				meta, ctype = `<meta charset="`+p.name+`">`, "text/html"
			case "none":
				ctype = "text/html"
			}
			raw, err := p.enc.NewEncoder().String(fmt.Sprintf(body, meta))
			if err != nil {
				t.Fatal(err)
			}
			path := "/" + p.name + "/" + how
			links = append(links, path)
			s.handle(path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", ctype)
				w.Write([]byte(raw))
			})
		}
	}
	s.html("/", links...)
	sink := &memSink{}
	mustRun(t, testConfig(s.URL+"/"), sink)
	res := sink.byURL()
	for _, p := range pages {
		for _, how := range []string{"header", "meta", "none"} {
			r := res[s.URL+"/"+p.name+"/"+how]
			if r == nil || r.Article == nil {
				t.Errorf("%s/%s: %+v", p.name, how, r)
				continue
			}
			// Undeclared single-byte text decodes as windows-1252, as in
			// browsers; undeclared multi-byte text cannot be known, but
			// must still come out as valid UTF-8.
			known := how != "none" || p.name == "windows-1252" || p.name == "iso-8859-1"
			if known && r.Article.Headline != p.headline {
				t.Errorf("%s/%s: headline %q, want %q", p.name, how, r.Article.Headline, p.headline)
			}
			if !utf8.ValidString(r.Article.Headline + r.Article.Body) {
				t.Errorf("%s/%s: invalid UTF-8", p.name, how)
			}
		}
	}
}

// TestDecoyAndRedirects: links and redirects to another loopback port
// outside the crawl's scope send it nothing; redirect chains are followed,
// loops and self-redirects end with an error, not a hang.
func TestDecoyAndRedirects(t *testing.T) {
	decoy := newTestSite(t)
	decoy.html("/")
	decoy.html("/secret")
	s := newTestSite(t)
	s.html("/", decoy.URL+"/secret", "/go-decoy", "/r1", "/loop-a", "/self", "/meta-decoy")
	s.handle("/go-decoy", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, decoy.URL+"/secret", http.StatusFound)
	})
	s.handle("/r1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/r2", http.StatusMovedPermanently) })
	s.handle("/r2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/r3", http.StatusFound) })
	s.html("/r3")
	s.handle("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", http.StatusFound) })
	s.handle("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", http.StatusFound) })
	s.handle("/self", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/self", http.StatusFound) })
	s.handle("/meta-decoy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<html><head><link rel="alternate" type="application/rss+xml" href="%s/feed.xml"></head><body>x</body></html>`, decoy.URL)
	})
	sink := &memSink{}
	mustRun(t, testConfig(s.URL+"/"), sink)
	if n := decoy.total() + decoy.hitCount("/robots.txt"); n != 0 {
		t.Errorf("decoy got %d requests", n)
	}
	res := sink.byURL()
	if r := res[s.URL+"/r1"]; r == nil || r.Err != nil || r.FinalURL != s.URL+"/r3" {
		t.Errorf("/r1: %+v", r)
	}
	for _, p := range []string{"/loop-a", "/self"} {
		if r := res[s.URL+p]; r == nil {
			t.Errorf("%s: no result", p)
		}
	}
	if n := s.hitCount("/self"); n > maxRedirects+1 {
		t.Errorf("/self requested %d times", n)
	}
}

// TestResolverMapsToPrivate: a host name that resolves to a private
// address is refused before any connection is made.
func TestResolverMapsToPrivate(t *testing.T) {
	s := newTestSite(t)
	s.html("/")
	port := s.URL[strings.LastIndex(s.URL, ":")+1:]
	cfg := testConfig("http://news.internal.test:" + port + "/")
	cfg.AllowPrivate = false
	cfg.Resolve = func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	sink := &memSink{}
	st := mustRun(t, cfg, sink)
	if n := s.hitCount("/") + s.hitCount("/robots.txt"); n != 0 {
		t.Errorf("server got %d requests through a name mapped to loopback", n)
	}
	var r *Result
	for _, x := range sink.results {
		r = x
	}
	if r == nil || !errors.Is(r.Err, ErrForbiddenAddress) || st.Errors != 1 {
		t.Errorf("result %+v, stats %+v", r, st)
	}
	// With AllowPrivate the same name reaches the server.
	cfg.AllowPrivate = true
	mustRun(t, cfg, &memSink{})
	if s.hitCount("/") != 1 {
		t.Errorf("AllowPrivate: / fetched %d times", s.hitCount("/"))
	}
}

func TestRetryAfterParse(t *testing.T) {
	now := mustTime("2026-01-02T10:00:00Z")
	h := http.Header{}
	h.Set("Retry-After", "120")
	if d, ok := retryAfter(h, now); !ok || d.Seconds() != 120 {
		t.Errorf("seconds: %v %v", d, ok)
	}
	h.Set("Retry-After", "Fri, 02 Jan 2026 10:00:30 GMT")
	h.Set("Date", "Fri, 02 Jan 2026 10:00:00 GMT")
	// 30 s, plus the second an HTTP date may have been cut by.
	if d, ok := retryAfter(h, now.Add(-time1h())); !ok || d.Seconds() != 31 {
		t.Errorf("date: %v %v", d, ok)
	}
	for _, bad := range []string{"", "-5", "soon"} {
		h.Set("Retry-After", bad)
		if _, ok := retryAfter(h, now); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	for n := 1; n < 30; n++ {
		d := backoff(DefaultRetryBackoff, n, func() float64 { return 0.999 })
		if d <= 0 || d > maxBackoff*3/2 {
			t.Errorf("backoff(%d) = %v", n, d)
		}
	}
	if !transient(503, nil) || !transient(429, nil) || transient(404, errors.New("x")) || transient(0, ErrForbiddenAddress) {
		t.Error("transient classification")
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func time1h() time.Duration { return time.Hour }
