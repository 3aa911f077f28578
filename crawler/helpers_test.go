package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSite is a tiny web site on loopback that counts what it serves.
type testSite struct {
	*httptest.Server
	mu     sync.Mutex
	pages  map[string]http.HandlerFunc // by path
	hits   map[string]int              // by path?query
	times  []time.Time                 // arrival of every non-robots request
	robots func(w http.ResponseWriter) // nil: 404
}

func newTestSite(t *testing.T) *testSite {
	t.Helper()
	s := &testSite{pages: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *testSite) serve(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	s.mu.Lock()
	s.hits[key]++
	if r.URL.Path != "/robots.txt" {
		s.times = append(s.times, time.Now())
	}
	h, robots := s.pages[r.URL.Path], s.robots
	s.mu.Unlock()
	if r.URL.Path == "/robots.txt" {
		if robots == nil {
			http.NotFound(w, r)
			return
		}
		robots(w)
		return
	}
	if h == nil {
		http.NotFound(w, r)
		return
	}
	h(w, r)
}

// html adds a page linking to hrefs.
func (s *testSite) html(path string, hrefs ...string) {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1>", path, path)
	for _, h := range hrefs {
		fmt.Fprintf(&b, `<p><a href="%s">link</a></p>`, h)
	}
	b.WriteString("</body></html>")
	page := b.String()
	s.handle(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
}

func (s *testSite) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = h
}

func (s *testSite) setRobots(status int, body string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.robots = func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

func (s *testSite) hitCount(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[key]
}

// pageHits returns hits without robots.txt.
func (s *testSite) pageHits() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]int{}
	for k, v := range s.hits {
		if k != "/robots.txt" {
			m[k] = v
		}
	}
	return m
}

func (s *testSite) total() int {
	n := 0
	for _, v := range s.pageHits() {
		n += v
	}
	return n
}

// memSink collects results.
type memSink struct {
	mu      sync.Mutex
	results []*Result
	err     error // returned from every Save when set
}

func (m *memSink) Save(_ context.Context, r *Result) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.results = append(m.results, r)
	return m.err
}

func (m *memSink) byURL() map[string]*Result {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]*Result{}
	for _, r := range m.results {
		out[r.URL] = r
	}
	return out
}

func (m *memSink) urls() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, r := range m.results {
		out = append(out, r.URL)
	}
	sort.Strings(out)
	return out
}

// testConfig is a fast configuration for loopback test sites.
func testConfig(seeds ...string) Config {
	return Config{Seeds: seeds, AllowPrivate: true, NoDelay: true, Timeout: 10 * time.Second, TimeScale: 0.001}
}

func mustRun(t *testing.T, cfg Config, sink Sink) Stats {
	t.Helper()
	st, err := Run(context.Background(), cfg, sink)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return st
}
