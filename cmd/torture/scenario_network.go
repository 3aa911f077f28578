package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/extract"
)

// Fault mix of the hostile network, in percent of requests.
const (
	netThrottle = 30
	netReset    = 10
	netStall    = 5
	netTruncate = 5
	netTimeout  = 300 * time.Millisecond
)

func newHostileNet(articles int, seed uint64) (*crawltest.HostileNet, *crawltest.GenSite) {
	g := crawltest.NewGenSite(articles)
	return &crawltest.HostileNet{
		Next:            g,
		ThrottlePercent: netThrottle, ResetPercent: netReset, StallPercent: netStall, TruncatePercent: netTruncate,
		RetryAfter: 2, TimeScale: 0.01, StallFor: 10 * netTimeout, Seed: seed,
	}, g
}

// runHostileNetwork crawls a generated site behind a network that
// throttles 30% of requests with Retry-After, resets 10% mid-body, stalls
// 5% past the timeout and truncates 5%. The real binary is run until every
// article is archived (possibly over several runs); the server measures
// that no request came before a Retry-After allowed. Then the crawler
// package runs in-process against a fresh copy, to check that goroutines
// return to their baseline.
func runHostileNetwork(ctx context.Context, e *env, r *result) {
	n := e.p.netPages
	h, g := newHostileNet(n, e.seed)
	base := h.Start()
	defer h.Close()
	r.Load = fmt.Sprintf("%d articles, timeout %s", n, netTimeout)
	dir := e.scratch("hostile-network")
	path := filepath.Join(dir, "net.db")
	args := crawlArgs(path, "--timeout", netTimeout.String(), base+"/")

	want := make([]string, n)
	for i := range want {
		want[i] = base + g.ArticlePath(i)
	}
	var c *archiveCheck
	runs := 0
	for runs < 8 && ctx.Err() == nil {
		if runs > 0 {
			// A Retry-After given at the end of one run still holds when
			// the next starts, and a new process cannot know of it; cron
			// runs are a day apart, this loop is not, so it waits out the
			// server's (time-scaled) longest Retry-After.
			time.Sleep(100 * time.Millisecond)
		}
		runs++
		p, err := e.run(ctx, 5*time.Minute, args)
		if err != nil {
			r.fail("%v", err)
			return
		}
		r.rss(p.maxRSS)
		e.logf("run %d: %s", runs, p.describe())
		if p.code != 0 && p.code != 3 { // 3: a host failed entirely; try again
			r.fail("run %d: %s", runs, p.describe())
			return
		}
		db, err := openArchive(path)
		if err != nil {
			r.fail("open archive: %v", err)
			return
		}
		c, err = checkArticles(ctx, db, want)
		db.Close()
		if err != nil {
			r.fail("read archive: %v", err)
			return
		}
		if len(c.lost) == 0 && p.code == 0 {
			break
		}
	}
	f := h.Faults()
	r.Faults = fmt.Sprintf("%d throttled, %d reset, %d stalled, %d truncated", f.Throttled, f.Reset, f.Stalled, f.Truncated)
	c.fill(r)
	r.expect(len(c.lost) == 0, "every page archived", "%d of %d articles after %s", c.archived, n, plural(runs, "run", "runs"))
	r.expect(c.duplicated == 0, "nothing twice", "%d duplicated", c.duplicated)
	v := h.Violations()
	r.expect(len(v) == 0, "Retry-After honoured", "%d of %d requests came before Retry-After allowed %s", len(v), f.Requests, firstN(v, 2))
	ok, detail := integrity(ctx, path)
	r.expect(ok, "integrity", "%s", detail)
	r.figure("%d requests, %d faulted (%.0f%%); %d fetch rows, %d with the error recorded",
		f.Requests, f.Total(), 100*float64(f.Total())/float64(max(f.Requests, 1)), c.fetches, c.errors)

	// In-process: goroutines back to baseline.
	inProcessGoroutines(ctx, e, r)
}

func inProcessGoroutines(ctx context.Context, e *env, r *result) {
	n := max(e.p.netPages/3, 30)
	h, g := newHostileNet(n, e.seed+1)
	base := h.Start()
	defer h.Close()
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	baseline := runtime.NumGoroutine()
	sink := &memSink{articles: map[string]int{}}
	cfg := crawler.Config{
		Seeds: []string{base + "/"}, AllowPrivate: true, NoDelay: true, Timeout: netTimeout,
		TimeScale: 0.01, MaxAttempts: 10, MaxDepth: 100, Parallel: 4,
	}
	rctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	stats, err := crawler.Run(rctx, cfg, sink)
	cancel()
	if err != nil {
		r.fail("in-process crawl: %v", err)
		return
	}
	got := 0
	for i := range n {
		if sink.articles[base+g.ArticlePath(i)] > 0 {
			got++
		}
	}
	r.expect(got == n, "in-process: every page", "%d of %d articles in one run (%d fetches, %d retries, %d errors)", got, n, stats.PagesFetched, stats.Retries, stats.Errors)
	r.expect(len(h.Violations()) == 0, "in-process: Retry-After", "%d early requests", len(h.Violations()))
	after := runtime.NumGoroutine()
	waitFor(ctx, 5*time.Second, func() bool { after = runtime.NumGoroutine(); return after <= baseline })
	detail := fmt.Sprintf("%d before the crawl, %d after it (faults: %s)", baseline, after, h.Faults())
	if after > baseline {
		detail += "; extra: " + goroutineSummary(4)
	}
	r.expect(after <= baseline, "goroutines back to baseline", "%s", detail)
}

// memSink keeps what an in-process crawl found, for counting.
type memSink struct {
	mu       sync.Mutex
	articles map[string]int // canonical URL → saves
	errors   []string
}

func (s *memSink) Save(_ context.Context, res *crawler.Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if res.Err != nil {
		s.errors = append(s.errors, res.Err.Error())
	}
	if a := res.Article; a != nil && a.Kind == extract.KindArticle && res.Err == nil && !res.Truncated {
		u := a.CanonicalURL
		if u == "" {
			u = res.FinalURL
		}
		s.articles[u]++
	}
	return nil
}

// goroutineSummary lists the most common goroutine stacks' top frames.
func goroutineSummary(n int) string {
	var b strings.Builder
	pprof.Lookup("goroutine").WriteTo(&b, 1)
	type entry struct {
		count string
		fn    string
	}
	var es []entry
	for _, block := range strings.Split(b.String(), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if len(lines) < 2 || !strings.Contains(lines[0], "@") {
			continue
		}
		cnt, _, _ := strings.Cut(lines[0], " @")
		fn := ""
		for _, l := range lines[1:] {
			if strings.HasPrefix(l, "#") {
				f := strings.Fields(l)
				if len(f) >= 3 {
					fn = f[2]
				}
				if !strings.HasPrefix(fn, "runtime.") && !strings.HasPrefix(fn, "internal/") && !strings.HasPrefix(fn, "sync.") {
					break
				}
			}
		}
		es = append(es, entry{cnt, fn})
	}
	sort.Slice(es, func(i, j int) bool { return es[i].count > es[j].count })
	var out []string
	for _, e := range es[:min(n, len(es))] {
		out = append(out, e.count+"× "+e.fn)
	}
	return strings.Join(out, ", ")
}
