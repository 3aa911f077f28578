package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// buildNewsSite makes a home page, 5 sections and 25 articles with cross
// links written in many equivalent ways.
func buildNewsSite(s *testSite, external string) []string {
	paths := []string{"/"}
	var sections []string
	for i := range 5 {
		sections = append(sections, fmt.Sprintf("/s/%d", i))
	}
	s.html("/", append(slices.Clone(sections), "mailto:news@example.com", "/img/logo.png", external+"/elsewhere")...)
	for i, sec := range sections {
		paths = append(paths, sec)
		links := append([]string{"/", "/#top"}, sections...)
		for a := range 5 {
			links = append(links, fmt.Sprintf("%s/a/%d", sec, a))
		}
		s.html(sec, links...)
		for a := range 5 {
			p := fmt.Sprintf("%s/a/%d", sec, a)
			paths = append(paths, p)
			next := fmt.Sprintf("/s/%d/a/%d", (i+1)%5, (a+2)%5)
			s.html(p,
				"/", sec, sec+"#latest",
				next, next+"?utm_source=twitter&fbclid=abc", s.URL+next+"#comments",
				fmt.Sprintf("%d", (a+1)%5),                        // relative: a sibling article
				strings.Replace(s.URL, "http://", "HTTP://", 1)+p, // itself, odd case
				external+"/story",
				"/files/report.pdf",
			)
		}
	}
	return paths
}

func TestRunFetchesEveryPageOnce(t *testing.T) {
	other := newTestSite(t)
	other.html("/elsewhere")
	other.html("/story")
	s := newTestSite(t)
	paths := buildNewsSite(s, other.URL)

	cfg := testConfig(s.URL + "/")
	cfg.Parallel, cfg.HostParallel = 8, 8
	sink := &memSink{}
	st := mustRun(t, cfg, sink)

	hits := s.pageHits()
	for _, p := range paths {
		if hits[p] != 1 {
			t.Errorf("%s fetched %d times, want 1", p, hits[p])
		}
		delete(hits, p)
	}
	for k, v := range hits {
		t.Errorf("unexpected fetch of %s (%d times)", k, v)
	}
	if n := other.total(); n != 0 {
		t.Errorf("out-of-scope server got %d requests", n)
	}
	if st.PagesFetched != len(paths) || len(sink.results) != len(paths) || st.Errors != 0 {
		t.Errorf("stats %+v, %d results; want %d pages, no errors", st, len(sink.results), len(paths))
	}
	for _, r := range sink.results {
		if r.Status != 200 || r.Err != nil || r.Article == nil || len(r.Body) != r.Bytes || r.Bytes == 0 {
			t.Errorf("%s: status %d err %v article %v bytes %d", r.URL, r.Status, r.Err, r.Article != nil, r.Bytes)
		}
	}
}

func TestRunDepthLimit(t *testing.T) {
	s := newTestSite(t)
	for i := range 6 {
		s.html(fmt.Sprintf("/d%d", i), fmt.Sprintf("/d%d", i+1))
	}
	for _, tc := range []struct {
		maxDepth int
		want     []string
	}{
		{-1, []string{"/d0"}},
		{2, []string{"/d0", "/d1", "/d2"}},
	} {
		sink := &memSink{}
		cfg := testConfig(s.URL + "/d0")
		cfg.MaxDepth = tc.maxDepth
		mustRun(t, cfg, sink)
		var want []string
		for _, p := range tc.want {
			want = append(want, s.URL+p)
		}
		if got := sink.urls(); !slices.Equal(got, want) {
			t.Errorf("MaxDepth %d: fetched %v, want %v", tc.maxDepth, got, want)
		}
		for _, r := range sink.results {
			if want := int(r.URL[len(r.URL)-1] - '0'); r.Depth != want {
				t.Errorf("%s: depth %d, want %d", r.URL, r.Depth, want)
			}
		}
	}
}

func TestRunMaxPages(t *testing.T) {
	s := newTestSite(t)
	buildNewsSite(s, "http://example.invalid")
	cfg := testConfig(s.URL + "/")
	cfg.MaxPages, cfg.Parallel, cfg.HostParallel = 5, 4, 4
	sink := &memSink{}
	st := mustRun(t, cfg, sink)
	if n := s.total(); n != 5 {
		t.Errorf("server saw %d page requests, want 5", n)
	}
	if st.PagesFetched != 5 || len(sink.results) != 5 {
		t.Errorf("stats %+v, %d results; want 5", st, len(sink.results))
	}
}

func TestRunRobotsDisallow(t *testing.T) {
	s := newTestSite(t)
	s.setRobots(200, "User-agent: *\nDisallow: /private/\n\nUser-agent: newsarchive\nDisallow: /private/\nDisallow: /members\n")
	s.html("/", "/public", "/private/a", "/members?id=3", "/private/", "/private/a#again")
	s.html("/public", "/", "/private/a")
	s.html("/private/a")
	s.html("/members")
	sink := &memSink{}
	st := mustRun(t, testConfig(s.URL+"/"), sink)
	hits := s.pageHits()
	if hits["/"] != 1 || hits["/public"] != 1 || len(hits) != 2 {
		t.Errorf("hits %v, want / and /public only", hits)
	}
	if st.Disallowed != 3 {
		t.Errorf("Disallowed = %d, want 3", st.Disallowed)
	}
	if s.hitCount("/robots.txt") != 1 {
		t.Errorf("robots.txt fetched %d times, want 1", s.hitCount("/robots.txt"))
	}
}

func TestRunRobotsDisallowedSeed(t *testing.T) {
	s := newTestSite(t)
	s.setRobots(200, "User-agent: *\nDisallow: /\n")
	s.html("/")
	sink := &memSink{}
	st := mustRun(t, testConfig(s.URL+"/"), sink)
	if s.total() != 0 || st.Disallowed != 1 || len(sink.results) != 0 {
		t.Errorf("hits %v, stats %+v, results %d", s.pageHits(), st, len(sink.results))
	}
}

func TestRunRobotsStatus(t *testing.T) {
	for _, tc := range []struct {
		status  int
		fetched bool
	}{
		{404, true}, {403, true}, {410, true},
		{500, false}, {503, false}, {429, false},
	} {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			s := newTestSite(t)
			s.setRobots(tc.status, "User-agent: *\nDisallow: /\n")
			s.html("/", "/a")
			s.html("/a")
			sink := &memSink{}
			st := mustRun(t, testConfig(s.URL+"/"), sink)
			if tc.fetched {
				if s.total() != 2 || st.Errors != 0 {
					t.Errorf("hits %v, stats %+v; want both pages fetched", s.pageHits(), st)
				}
				return
			}
			if s.total() != 0 {
				t.Errorf("hits %v; want none", s.pageHits())
			}
			r := sink.byURL()[s.URL+"/"]
			if r == nil || !errors.Is(r.Err, ErrRobotsUnavailable) || st.Errors != 1 || st.PagesFetched != 0 {
				t.Errorf("result %+v, stats %+v; want a robots error for the seed", r, st)
			}
		})
	}
}

func TestRunCrawlDelay(t *testing.T) {
	s := newTestSite(t)
	s.setRobots(200, "User-agent: *\nCrawl-delay: 2\n")
	s.html("/", "/a", "/b", "/c")
	s.html("/a")
	s.html("/b")
	s.html("/c")
	cfg := testConfig(s.URL + "/")
	cfg.Parallel, cfg.HostParallel = 4, 4 // Crawl-delay must still space them
	cfg.TimeScale = 0.1                   // 2s → 200ms
	mustRun(t, cfg, &memSink{})
	s.wantSpaced(t, 4, 200*time.Millisecond)
}

// Several URLs of a host are known before its robots.txt is read (a seed
// list, a resumed frontier): only the first may go out until the
// Crawl-delay is known, or HostParallel of them start together.
func TestRunCrawlDelayBeforeRobotsKnown(t *testing.T) {
	s := newTestSite(t)
	s.setRobots(200, "User-agent: *\nCrawl-delay: 2\n")
	for _, p := range []string{"/a", "/b", "/c", "/d"} {
		s.html(p)
	}
	cfg := testConfig(s.URL+"/a", s.URL+"/b", s.URL+"/c", s.URL+"/d")
	cfg.Parallel, cfg.HostParallel = 4, 4
	cfg.TimeScale = 0.1 // 2s → 200ms
	mustRun(t, cfg, &memSink{})
	s.wantSpaced(t, 4, 200*time.Millisecond)
}

// wantSpaced checks the site saw n page requests, each starting at least
// gap after the one before.
func (s *testSite) wantSpaced(t *testing.T, n int, gap time.Duration) {
	t.Helper()
	s.mu.Lock()
	times := slices.Clone(s.times)
	s.mu.Unlock()
	if len(times) != n {
		t.Fatalf("%d requests, want %d", len(times), n)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(times); i++ {
		if d := times[i].Sub(times[i-1]); d < gap {
			t.Errorf("requests %d and %d only %v apart, want ≥ %v", i-1, i, d, gap)
		}
	}
}

func TestRunConfigDelay(t *testing.T) {
	s := newTestSite(t)
	s.html("/", "/a")
	s.html("/a")
	cfg := testConfig(s.URL + "/")
	cfg.NoDelay, cfg.Delay = false, 150*time.Millisecond
	mustRun(t, cfg, &memSink{})
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.times) != 2 || s.times[1].Sub(s.times[0]) < 150*time.Millisecond {
		t.Errorf("request times %v, want 2 at least 150ms apart", s.times)
	}
}

func TestRunRefusesPrivateAddresses(t *testing.T) {
	for _, ignoreRobots := range []bool{false, true} {
		s := newTestSite(t)
		s.html("/")
		cfg := testConfig(s.URL + "/")
		cfg.AllowPrivate = false
		cfg.IgnoreRobots = ignoreRobots
		sink := &memSink{}
		st, err := Run(context.Background(), cfg, sink)
		if err != nil {
			t.Fatal(err)
		}
		if n := s.hitCount("/") + s.hitCount("/robots.txt"); n != 0 {
			t.Errorf("IgnoreRobots %v: server saw %d requests", ignoreRobots, n)
		}
		r := sink.byURL()[s.URL+"/"]
		if r == nil || !errors.Is(r.Err, ErrForbiddenAddress) || st.Errors != 1 {
			t.Errorf("IgnoreRobots %v: result %+v, stats %+v; want ErrForbiddenAddress", ignoreRobots, r, st)
		}
	}
}

func TestRunRedirects(t *testing.T) {
	other := newTestSite(t)
	other.html("/landing")
	s := newTestSite(t)
	s.html("/", "/old", "/new", "/away", "/loop0", "/private-redirect")
	s.handle("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusMovedPermanently) })
	s.html("/new", "/old")
	s.handle("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
	})
	for i := range 12 {
		s.handle(fmt.Sprintf("/loop%d", i), func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, fmt.Sprintf("/loop%d", i+1), http.StatusFound)
		})
	}
	s.setRobots(200, "User-agent: *\nDisallow: /secret\n")
	s.handle("/private-redirect", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/secret", http.StatusFound) })
	s.html("/secret")

	sink := &memSink{}
	mustRun(t, testConfig(s.URL+"/"), sink)
	if n := other.total(); n != 0 {
		t.Errorf("other origin got %d requests", n)
	}
	if n := s.hitCount("/new"); n != 1 {
		t.Errorf("/new fetched %d times, want 1", n)
	}
	if n := s.hitCount("/secret"); n != 0 {
		t.Errorf("/secret (robots-disallowed redirect target) fetched %d times", n)
	}
	res := sink.byURL()
	if r := res[s.URL+"/away"]; r == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "outside crawl scope") || r.Status != http.StatusFound {
		t.Errorf("/away: %+v, want an out-of-scope redirect error", r)
	}
	if r := res[s.URL+"/private-redirect"]; r == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "robots.txt") {
		t.Errorf("/private-redirect: %+v, want a robots error", r)
	}
	if r := res[s.URL+"/loop0"]; r == nil || r.Err == nil || !strings.Contains(r.Err.Error(), "redirects") {
		t.Errorf("/loop0: %+v, want a redirect-cap error", r)
	}
	if n := s.hitCount("/loop10") + s.hitCount("/loop11"); n != 0 {
		t.Errorf("followed past the 10-hop cap")
	}
	// /old and /new: one fetched /new through the redirect, the other is
	// either /new itself or a redirect to an already-seen URL; never an error.
	for _, p := range []string{"/old", "/new"} {
		if r := res[s.URL+p]; r == nil || r.Err != nil {
			t.Errorf("%s: %+v", p, r)
		}
	}
}

func TestRunDedupesNormalisedLinks(t *testing.T) {
	s := newTestSite(t)
	s.html("/", "/q?b=2&a=1&utm_source=x", "/q?a=1&b=2#frag", "/q?utm_campaign=y&a=1&gclid=z&b=2", "/Q", "/q?a=1&b=2&", s.URL+":80/never")
	s.html("/q")
	s.html("/Q")
	sink := &memSink{}
	mustRun(t, testConfig(s.URL+"/#start"), sink)
	want := map[string]int{"/": 1, "/q?a=1&b=2": 1, "/Q": 1}
	if got := s.pageHits(); !mapsEqual(got, want) {
		t.Errorf("hits %v, want %v", got, want)
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestRunCancel(t *testing.T) {
	s := newTestSite(t)
	// An endless site: every page links to three new ones.
	s.handle("/p", func(w http.ResponseWriter, r *http.Request) {
		n := r.URL.Query().Get("n")
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<a href="/p?n=%s1">a</a><a href="/p?n=%s2">b</a><a href="/p?n=%s3">c</a>`, n, n, n)
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	cfg := testConfig(s.URL + "/p?n=0")
	cfg.MaxDepth = 50
	sink := &memSink{}
	start := time.Now()
	st, err := Run(ctx, cfg, sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Run took %v after cancel", d)
	}
	if st.PagesFetched == 0 || st.PagesFetched != len(sink.results) {
		t.Errorf("stats %+v, %d results", st, len(sink.results))
	}
	before := s.total()
	time.Sleep(100 * time.Millisecond)
	if after := s.total(); after != before {
		t.Errorf("requests continued after Run returned: %d then %d", before, after)
	}
}

func TestRunBodyTooLarge(t *testing.T) {
	s := newTestSite(t)
	big := "<html><body>" + strings.Repeat("x", 5000) + "</body></html>"
	s.html("/", "/big", "/chunked", "/exact")
	s.handle("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, big) // small enough for net/http to send Content-Length
	})
	s.handle("/chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for range 10 {
			fmt.Fprint(w, strings.Repeat("y", 500))
			w.(http.Flusher).Flush() // no Content-Length
		}
	})
	s.handle("/exact", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, strings.Repeat("z", 1000))
	})
	cfg := testConfig(s.URL + "/")
	cfg.MaxBodySize = 1000
	sink := &memSink{}
	st := mustRun(t, cfg, sink)
	res := sink.byURL()
	for _, p := range []string{"/big", "/chunked"} {
		r := res[s.URL+p]
		if r == nil || r.Err != nil || !r.Truncated || r.Bytes != 1000 || len(r.Body) != 1000 {
			t.Errorf("%s: %+v, want 1000 bytes, truncated", p, r)
		}
	}
	if r := res[s.URL+"/exact"]; r == nil || r.Err != nil || r.Bytes != 1000 || r.Truncated {
		t.Errorf("/exact: %+v, want 1000 bytes, not truncated", r)
	}
	if st.Truncated != 2 || st.Errors != 0 {
		t.Errorf("stats %+v, want 2 truncated, no errors", st)
	}
}

func TestRunHTTPErrorsAreResults(t *testing.T) {
	s := newTestSite(t)
	s.html("/", "/missing", "/broken")
	s.handle("/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
	sink := &memSink{}
	st := mustRun(t, testConfig(s.URL+"/"), sink)
	res := sink.byURL()
	if r := res[s.URL+"/missing"]; r == nil || r.Status != 404 || r.Err == nil {
		t.Errorf("/missing: %+v", r)
	}
	if r := res[s.URL+"/broken"]; r == nil || r.Status != 500 || r.Err == nil {
		t.Errorf("/broken: %+v", r)
	}
	// The 500 is transient: tried DefaultMaxAttempts times, then failed.
	if st.Errors != 2 || st.PagesFetched != 2+DefaultMaxAttempts || st.Retries != DefaultMaxAttempts-1 {
		t.Errorf("stats %+v", st)
	}
	if n := s.hitCount("/broken"); n != DefaultMaxAttempts {
		t.Errorf("/broken fetched %d times, want %d", n, DefaultMaxAttempts)
	}
}

func TestRunKeepsRawBody(t *testing.T) {
	s := newTestSite(t)
	page := "<html><head><title>Caf\xe9</title></head><body><a href=\"/x\">x</a></body></html>"
	s.handle("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		fmt.Fprint(w, page)
	})
	s.html("/x")
	sink := &memSink{}
	mustRun(t, testConfig(s.URL+"/"), sink)
	r := sink.byURL()[s.URL+"/"]
	if r == nil || string(r.Body) != page || r.ContentType != "text/html; charset=windows-1252" {
		t.Fatalf("result %+v; want the raw windows-1252 bytes and header", r)
	}
	if s.hitCount("/x") != 1 {
		t.Errorf("link on a windows-1252 page not followed")
	}
}

type failingSink struct{ calls atomic.Int32 }

func (f *failingSink) Save(context.Context, *Result) error {
	f.calls.Add(1)
	return errors.New("disk full")
}

func TestRunSinkErrorIsFatal(t *testing.T) {
	s := newTestSite(t)
	buildNewsSite(s, "http://example.invalid")
	_, err := Run(context.Background(), testConfig(s.URL+"/"), &failingSink{})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Run error %v, want the sink's error", err)
	}
	if n := s.total(); n > 4 {
		t.Errorf("crawl went on after a failed save: %d requests", n)
	}
}

func TestRunBadConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "no seeds"},
		{Config{Seeds: []string{"https://ok.example/", "example.com/news"}}, `"example.com/news"`},
		{Config{Seeds: []string{"ftp://example.com/"}}, `"ftp://example.com/"`},
		{Config{Seeds: []string{"/relative"}}, `"/relative"`},
		{Config{Seeds: []string{"https://ok.example/"}, Delay: -time.Second}, "Delay"},
		{Config{Seeds: []string{"https://ok.example/"}, MaxPages: -1}, "MaxPages"},
	} {
		_, err := Run(context.Background(), tc.cfg, &memSink{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: error %v, want one naming %s", tc.cfg, err, tc.want)
		}
	}
	if _, err := Run(context.Background(), Config{Seeds: []string{"https://ok.example/"}}, nil); err == nil {
		t.Error("nil sink accepted")
	}
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := Config{Seeds: []string{"https://a.example/"}}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxDepth != 5 || cfg.Parallel != 4 || cfg.HostParallel != 1 || cfg.Delay != time.Second ||
		cfg.UserAgent != DefaultUserAgent || cfg.Timeout != 30*time.Second || cfg.MaxBodySize != 10<<20 || cfg.Logger == nil {
		t.Errorf("defaults: %+v", cfg)
	}
	cfg, _ = Config{Seeds: []string{"https://a.example/"}, NoDelay: true, Delay: time.Minute}.withDefaults()
	if cfg.Delay != 0 {
		t.Errorf("NoDelay left Delay %v", cfg.Delay)
	}
}

var _ Sink = (*memSink)(nil)

func TestRunSeedsInScopeOnly(t *testing.T) {
	// Two seeds on two origins: both are in scope, and links between them
	// are followed.
	a, b := newTestSite(t), newTestSite(t)
	a.html("/", b.URL+"/b1")
	b.html("/", a.URL+"/a1")
	a.html("/a1")
	b.html("/b1")
	sink := &memSink{}
	mustRun(t, testConfig(a.URL+"/", b.URL+"/"), sink)
	if a.total() != 2 || b.total() != 2 {
		t.Errorf("hits a %v b %v", a.pageHits(), b.pageHits())
	}
}

func TestRunBoundsConcurrency(t *testing.T) {
	for _, tc := range []struct{ parallel, hostParallel, want int }{
		{8, 0, 1}, // one request at a time per host by default
		{3, 8, 3}, // Parallel bounds the total
		{8, 2, 2},
	} {
		var cur, peak atomic.Int32
		s := newTestSite(t)
		// A wide site: the home page links to 200 pages, so the queue is
		// long while few requests may run.
		var links []string
		for i := range 200 {
			links = append(links, fmt.Sprintf("/p%d", i))
		}
		s.html("/", links...)
		for _, l := range links {
			s.handle(l, func(w http.ResponseWriter, r *http.Request) {
				n := cur.Add(1)
				defer cur.Add(-1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(2 * time.Millisecond)
				fmt.Fprint(w, "<html><body>leaf</body></html>")
			})
		}
		base := runtime.NumGoroutine()
		var maxG atomic.Int32
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
					if g := int32(runtime.NumGoroutine()); g > maxG.Load() {
						maxG.Store(g)
					}
				}
			}
		}()
		cfg := testConfig(s.URL + "/")
		cfg.Parallel, cfg.HostParallel = tc.parallel, tc.hostParallel
		st := mustRun(t, cfg, &memSink{})
		close(stop)
		t.Logf("%+v: peak %d, extra goroutines %d", tc, peak.Load(), int(maxG.Load())-base)
		if st.PagesFetched != 201 {
			t.Errorf("%+v: fetched %d", tc, st.PagesFetched)
		}
		if p := int(peak.Load()); p > tc.want {
			t.Errorf("%+v: %d requests in flight at once, want ≤ %d", tc, p, tc.want)
		}
		// Workers, server handlers and connections: a few per request in
		// flight, never one per queued URL.
		if g := int(maxG.Load()) - base; g > 10*tc.parallel+20 {
			t.Errorf("%+v: %d extra goroutines for 200 queued URLs", tc, g)
		}
	}
}

// gateSink holds the save of the nth leaf page until the server has seen
// the request for leaf n+1 (or every leaf was requested).
type gateSink struct {
	memSink
	leaves int32
	reqs   *atomic.Int32
	saved  atomic.Int32
	missed atomic.Int32
}

func (g *gateSink) Save(ctx context.Context, r *Result) error {
	if strings.Contains(r.URL, "/leaf") {
		n := g.saved.Add(1)
		deadline := time.Now().Add(5 * time.Second)
		for g.reqs.Load() <= n && g.reqs.Load() < g.leaves {
			if time.Now().After(deadline) {
				g.missed.Add(1)
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	return g.memSink.Save(ctx, r)
}

// A page's save overlaps the next request: the request slot is given
// back once the page is fetched and extracted, so a slow commit does not
// idle the network (nor does it let more than Parallel requests run).
func TestNextRequestStartsWhilePageSaves(t *testing.T) {
	const leaves = 12
	var cur, peak, reqs atomic.Int32
	s := newTestSite(t)
	var links []string
	for i := range leaves {
		links = append(links, fmt.Sprintf("/leaf%d", i))
	}
	s.html("/", links...)
	for _, l := range links {
		s.handle(l, func(w http.ResponseWriter, r *http.Request) {
			reqs.Add(1)
			n := cur.Add(1)
			defer cur.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			fmt.Fprint(w, "<html><body>leaf</body></html>")
		})
	}
	sink := &gateSink{leaves: leaves, reqs: &reqs}
	cfg := testConfig(s.URL + "/")
	cfg.Parallel = 1
	st := mustRun(t, cfg, sink)
	if st.PagesFetched != leaves+1 || len(sink.urls()) != leaves+1 {
		t.Errorf("fetched %d, saved %d, want %d", st.PagesFetched, len(sink.urls()), leaves+1)
	}
	if m := sink.missed.Load(); m > 0 {
		t.Errorf("%d saves waited 5 s for the next request: requests wait for the previous page's save", m)
	}
	if p := peak.Load(); p > 1 {
		t.Errorf("%d requests in flight at once with Parallel 1", p)
	}
}
