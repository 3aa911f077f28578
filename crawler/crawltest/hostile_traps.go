package crawltest

import (
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// TrapSite is a small news site full of crawler traps: an infinite
// calendar, session ids that make every link new, 5 KB URLs, redirect
// loops, and links and redirects to a decoy service outside the crawl's
// scope (another port of the same loopback address, another host name
// for it, a protocol-relative link, a meta refresh). A correct crawl
// archives its Articles and never touches the decoy.
//
// Serve the decoy with [Decoy] first and pass its URL in DecoyURL.
type TrapSite struct {
	Articles int    // /story/0 … /story/N-1, all linked from the home page
	DecoyURL string // base URL of a service that must never be requested

	mu       sync.Mutex
	counts   map[string]int // per path class
	requests int
	longest  int // longest request URI served
}

// TrapClasses are the keys of [TrapSite.Counts].
var TrapClasses = []string{"home", "story", "calendar", "session", "long", "redirect", "robots", "other"}

// Start serves the site on a new 127.0.0.1 port.
func (s *TrapSite) Start() *httptest.Server { return httptest.NewServer(s) }

// StoryPath is the path of article i.
func StoryPath(i int) string { return fmt.Sprintf("/story/%d", i) }

// Counts returns the requests served per path class (see TrapClasses),
// the total, and the length of the longest request URI.
func (s *TrapSite) Counts() (perClass map[string]int, total, longest int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out, s.requests, s.longest
}

func trapClass(p string) string {
	switch {
	case p == "/":
		return "home"
	case p == "/robots.txt":
		return "robots"
	case strings.HasPrefix(p, "/story/"):
		return "story"
	case strings.HasPrefix(p, "/calendar/"):
		return "calendar"
	case strings.HasPrefix(p, "/s/"), p == "/news":
		return "session"
	case strings.HasPrefix(p, "/long/"):
		return "long"
	case strings.HasPrefix(p, "/go/"):
		return "redirect"
	}
	return "other"
}

func (s *TrapSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	s.mu.Lock()
	if s.counts == nil {
		s.counts = map[string]int{}
	}
	s.counts[trapClass(p)]++
	s.requests++
	s.longest = max(s.longest, len(r.URL.RequestURI()))
	s.mu.Unlock()

	decoy := strings.TrimSuffix(s.DecoyURL, "/")
	decoyHostPort := strings.TrimPrefix(decoy, "http://")
	_, decoyPort, _ := strings.Cut(decoyHostPort, ":")
	switch {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: %s/sitemap.xml\n", decoy)
		return
	case p == "/go/decoy":
		http.Redirect(w, r, decoy+"/redirected", http.StatusFound)
		return
	case p == "/go/decoy-chain":
		http.Redirect(w, r, "/go/decoy-chain2", http.StatusMovedPermanently)
		return
	case p == "/go/decoy-chain2":
		http.Redirect(w, r, "http://localhost:"+decoyPort+"/chained", http.StatusTemporaryRedirect)
		return
	case p == "/go/loop-a":
		http.Redirect(w, r, "/go/loop-b", http.StatusFound)
		return
	case p == "/go/loop-b":
		http.Redirect(w, r, "/go/loop-a", http.StatusFound)
		return
	case strings.HasPrefix(p, "/go/hops/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/go/hops/"))
		http.Redirect(w, r, fmt.Sprintf("/go/hops/%d", n+1), http.StatusFound)
		return
	}

	var b strings.Builder
	page := func(title string) {
		fmt.Fprintf(&b, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%s | Trap Times</title>`, title)
	}
	// Links every page carries: the traps and the decoy.
	traps := func(seed string) {
		sid := trapSession(seed)
		fmt.Fprintf(&b, `<nav><a href="/">Home</a> <a href="/calendar/2026/01/15">Calendar</a> `+
			`<a href="/s/%s/news">Today</a> <a href="/news?sessionid=%s">News</a> `+
			`<a href="/long/%s">Long read</a> <a href="/story/0?q=%s">Search</a> `+
			`<a href="%s/steal">Partner</a> <a href="http://localhost:%s/by-name">Local</a> `+
			`<a href="//127.0.0.1:%s/proto-relative">Proto</a> <a href="/go/decoy">Out</a> `+
			`<a href="/go/decoy-chain">Chain</a> <a href="/go/loop-a">Loop</a> <a href="/go/hops/0">Hops</a></nav>`,
			sid, sid, strings.Repeat("x", 5000), strings.Repeat("q", 5000), decoy, decoyPort, decoyPort)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case p == "/":
		page("Trap Times")
		fmt.Fprintf(&b, `<meta http-equiv="refresh" content="30; url=%s/refresh"></head><body>`, decoy)
		traps("home")
		b.WriteString(`<main><h1>Trap Times</h1><ul>`)
		for i := range s.Articles {
			fmt.Fprintf(&b, `<li><a href="%s">Story %d of the trap times</a></li>`, StoryPath(i), i)
		}
		b.WriteString(`</ul></main></body></html>`)
	case strings.HasPrefix(p, "/story/"):
		i, err := strconv.Atoi(strings.TrimPrefix(p, "/story/"))
		if err != nil || i < 0 || i >= s.Articles {
			http.NotFound(w, r)
			return
		}
		title := fmt.Sprintf("Council story %d survives every trap", i)
		page(title)
		fmt.Fprintf(&b, `<link rel="canonical" href="http://%s%s"><meta property="og:type" content="article">`+
			`<meta property="article:published_time" content="2026-01-%02dT08:00:00+00:00"></head><body>`, r.Host, p, 1+i%28)
		traps(p)
		fmt.Fprintf(&b, `<main><article><h1>%s</h1><p class="byline">By Trap Reporter</p>`, title)
		for k := range 5 {
			fmt.Fprintf(&b, "<p>Paragraph %d of story %d: the council voted on the budget, and residents asked why the vote mattered to them at all.</p>", k, i)
		}
		b.WriteString(`</article></main></body></html>`)
	case strings.HasPrefix(p, "/calendar/"):
		var y, m, d int
		if _, err := fmt.Sscanf(p, "/calendar/%d/%d/%d", &y, &m, &d); err != nil {
			http.NotFound(w, r)
			return
		}
		page(fmt.Sprintf("Archive %04d-%02d-%02d", y, m, d))
		b.WriteString("</head><body><h1>Archive</h1>")
		fmt.Fprintf(&b, `<a href="/calendar/%d/%d/%d">previous day</a> <a href="/calendar/%d/%d/%d">next day</a> `+
			`<a href="/calendar/%d/%d/%d">next month</a> <a href="/calendar/%d/%d/%d">next year</a>`,
			y, m, d-1, y, m, d+1, y, m+1, d, y+1, m, d)
		b.WriteString(`</body></html>`)
	case strings.HasPrefix(p, "/s/") || p == "/news":
		seed := r.URL.RequestURI()
		page("Today")
		b.WriteString("</head><body>")
		traps(seed) // a new session id on every page
		b.WriteString(`<h1>Today</h1></body></html>`)
	case strings.HasPrefix(p, "/long/"):
		page("Long")
		b.WriteString("</head><body>")
		fmt.Fprintf(&b, `<a href="%s/x">longer</a></body></html>`, p)
	default:
		http.NotFound(w, r)
		return
	}
	w.Write([]byte(b.String()))
}

func trapSession(seed string) string {
	f := fnv.New64a()
	f.Write([]byte(seed))
	return fmt.Sprintf("%016x", f.Sum64())
}

// Decoy is a service that must never be requested: it counts every
// request (and every connection) it gets.
type Decoy struct {
	srv   *httptest.Server
	mu    sync.Mutex
	reqs  []string
	conns int
}

// NewDecoy serves a decoy on a new 127.0.0.1 port.
func NewDecoy() *Decoy {
	d := &Decoy{}
	d.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.mu.Lock()
		d.reqs = append(d.reqs, r.Method+" "+r.Host+r.URL.RequestURI())
		d.mu.Unlock()
		fmt.Fprintln(w, "secret")
	}))
	d.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			d.mu.Lock()
			d.conns++
			d.mu.Unlock()
		}
	}
	d.srv.Start()
	return d
}

// URL is the decoy's base URL.
func (d *Decoy) URL() string { return d.srv.URL }

// Close stops the decoy.
func (d *Decoy) Close() { d.srv.Close() }

// Seen returns the requests the decoy got and the connections it accepted.
func (d *Decoy) Seen() (requests []string, conns int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]string(nil), d.reqs...), d.conns
}
