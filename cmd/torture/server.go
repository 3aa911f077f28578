package main

import (
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// site serves a handler on 127.0.0.1 and records, for every request path,
// which crawler incarnation (process start) asked for it. A hook runs on
// every request, for kills timed by the crawl's own progress.
type site struct {
	srv *httptest.Server
	gen *crawltest.GenSite // when the handler is a generated site

	mu          sync.Mutex
	incarnation int
	hits        map[string][]int // path → incarnation of each request
	total       int
	hook        func(total int)
}

func newSite(h http.Handler) *site {
	s := &site{hits: map[string][]int{}}
	if g, ok := h.(*crawltest.GenSite); ok {
		s.gen = g
	}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()] = append(s.hits[r.URL.RequestURI()], s.incarnation)
		s.total++
		hook, total := s.hook, s.total
		s.mu.Unlock()
		if hook != nil {
			hook(total)
		}
		h.ServeHTTP(w, r)
	}))
	return s
}

func (s *site) URL() string { return s.srv.URL }
func (s *site) close()      { s.srv.Close() }

// setIncarnation marks the requests from now on as the n-th process's.
func (s *site) setIncarnation(n int) {
	s.mu.Lock()
	s.incarnation = n
	s.mu.Unlock()
}

func (s *site) setHook(f func(total int)) {
	s.mu.Lock()
	s.hook = f
	s.mu.Unlock()
}

func (s *site) requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// hitsOf returns the incarnations of every request for path.
func (s *site) hitsOf(path string) []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.hits[path]...)
}

func (s *site) distinct() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.hits)
}

// articleURLs lists the absolute URLs of a generated site's articles.
func (s *site) articleURLs() []string {
	out := make([]string, s.gen.Articles())
	for i := range out {
		out[i] = s.URL() + s.gen.ArticlePath(i)
	}
	return out
}

// crawlArgs are the flags every scenario's crawl uses: a local site, no
// politeness pause unless the scenario adds one, every page reachable.
func crawlArgs(db string, extra ...string) []string {
	args := []string{"crawl", "--db", db, "--allow-private", "--delay", "0", "--parallel", "4",
		"--max-depth", "100", "--no-progress", "--log-level", "error"}
	return append(args, extra...)
}
