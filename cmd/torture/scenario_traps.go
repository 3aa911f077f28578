package main

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// runTraps crawls a site of crawler traps (infinite calendar, session ids,
// 5 KB URLs, redirect loops) that links and redirects to a decoy on
// another loopback port: the decoy must see nothing, no URL over the
// length cap may be requested, the crawl must end on its own and archive
// the real articles, and --max-pages must hold. In-process, host names
// resolving (through a test resolver) to loopback and private addresses
// must be refused before any connection when private addresses are not
// allowed.
func runTraps(ctx context.Context, e *env, r *result) {
	decoy := crawltest.NewDecoy()
	defer decoy.Close()
	ts := &crawltest.TrapSite{Articles: e.p.trapArticles, DecoyURL: decoy.URL()}
	srv := ts.Start()
	defer srv.Close()
	dir := e.scratch("traps-ssrf")
	r.Load = fmt.Sprintf("%d articles + traps, depth 5; budget %d", e.p.trapArticles, e.p.trapBudget)
	r.Faults = "calendar, session ids, 5 KB URLs, decoy links+redirects"

	// Unbudgeted: the depth limit and the URL cap end the traps.
	path := filepath.Join(dir, "traps.db")
	p, err := e.run(ctx, 3*time.Minute, crawlArgs(path, "--max-depth", "5", srv.URL+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(p.maxRSS)
	r.expect(p.code == 0, "crawl ends", "%s", p.describe())
	classes, total, longest := ts.Counts()
	want := make([]string, e.p.trapArticles)
	for i := range want {
		want[i] = srv.URL + crawltest.StoryPath(i)
	}
	db, c := readArchive(ctx, r, path, want)
	if db == nil {
		return
	}
	db.Close()
	r.expect(len(c.lost) == 0 && c.duplicated == 0, "articles archived", "%d of %d, %d duplicated, %d unexpected %s", c.archived, len(want), c.duplicated, len(c.unexpected), firstN(c.unexpected, 2))
	r.expect(longest <= crawler.MaxURLLength, "URL length cap", "longest request URI %d bytes (cap %d)", longest, crawler.MaxURLLength)
	var parts []string
	for _, k := range crawltest.TrapClasses {
		if classes[k] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, classes[k]))
		}
	}
	r.figure("%d requests to the trap site: %s", total, strings.Join(parts, ", "))

	// Budgeted: --max-pages holds, counted by the server.
	before := total
	bpath := filepath.Join(dir, "budget.db")
	p, err = e.run(ctx, 3*time.Minute, crawlArgs(bpath, "--max-depth", "5", "--max-pages", strconv.Itoa(e.p.trapBudget), srv.URL+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(p.maxRSS)
	classes2, total2, _ := ts.Counts()
	pages := total2 - before - (classes2["robots"] - classes["robots"]) - (classes2["redirect"] - classes["redirect"])
	hops := classes2["redirect"] - classes["redirect"]
	logged := 0
	if db, err := openArchive(bpath); err == nil {
		logged, _ = count(ctx, db, "SELECT count(*) FROM fetches")
		db.Close()
	}
	r.expect(p.code == 0 && strings.Contains(p.summary(), "max-pages"), "budget run", "%s", p.describe())
	r.expect(pages <= e.p.trapBudget && logged <= e.p.trapBudget, "--max-pages holds",
		"budget %d: server saw %d page requests (+%d redirect hops), archive logged %d fetches", e.p.trapBudget, pages, hops, logged)

	reqs, conns := decoy.Seen()
	r.expect(len(reqs) == 0 && conns == 0, "decoy untouched", "%d requests, %d connections %s", len(reqs), conns, firstN(reqs, 3))

	// In-process: names that resolve to loopback or private addresses.
	resolverSSRF(ctx, r, srv.URL, decoy)
}

// resolverSSRF crawls seeds whose names a test resolver maps to loopback
// and private addresses, with private addresses not allowed: every fetch
// must be refused (ErrForbiddenAddress) before a connection is made.
func resolverSSRF(ctx context.Context, r *result, trapURL string, decoy *crawltest.Decoy) {
	_, trapPort, _ := strings.Cut(strings.TrimPrefix(trapURL, "http://"), ":")
	_, decoyPort, _ := strings.Cut(strings.TrimPrefix(decoy.URL(), "http://"), ":")
	names := map[string]netip.Addr{
		"news.test":     netip.MustParseAddr("127.0.0.1"),
		"rebind.test":   netip.MustParseAddr("127.0.0.1"),
		"intranet.test": netip.MustParseAddr("10.0.0.1"),
		"metadata.test": netip.MustParseAddr("169.254.169.254"),
	}
	cfg := crawler.Config{
		Seeds: []string{"http://news.test:" + trapPort + "/", "http://rebind.test:" + decoyPort + "/",
			"http://intranet.test:" + trapPort + "/", "http://metadata.test/latest/meta-data/"},
		NoDelay: true, Timeout: 2 * time.Second, IgnoreRobots: true, MaxAttempts: 1,
		Resolve: func(_ context.Context, host string) ([]netip.Addr, error) {
			if a, ok := names[host]; ok {
				return []netip.Addr{a}, nil
			}
			return nil, fmt.Errorf("test resolver: unknown host %s", host) // never real DNS
		},
	}
	reqsBefore, connsBefore := decoy.Seen()
	sink := &refusalSink{}
	rctx, cancel := context.WithTimeout(ctx, time.Minute)
	start := time.Now()
	_, err := crawler.Run(rctx, cfg, sink)
	cancel()
	if err != nil {
		r.fail("in-process crawl: %v", err)
		return
	}
	reqsAfter, connsAfter := decoy.Seen()
	r.expect(sink.refused == len(cfg.Seeds) && sink.other == 0, "resolver: private answers refused",
		"%d of %d seeds refused with ErrForbiddenAddress, %d other outcomes %s, in %s", sink.refused, len(cfg.Seeds), sink.other, firstN(sink.otherErrs, 2), time.Since(start).Round(time.Millisecond))
	r.expect(len(reqsAfter) == len(reqsBefore) && connsAfter == connsBefore, "resolver: no connection", "decoy connections %d → %d", connsBefore, connsAfter)
}

type refusalSink struct {
	mu             sync.Mutex
	refused, other int
	otherErrs      []string
}

func (s *refusalSink) Save(_ context.Context, res *crawler.Result) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if res.Err != nil && errors.Is(res.Err, crawler.ErrForbiddenAddress) {
		s.refused++
	} else {
		s.other++
		msg := fmt.Sprintf("%s status %d", res.URL, res.Status)
		if res.Err != nil {
			msg += ": " + res.Err.Error()
		}
		s.otherErrs = append(s.otherErrs, msg)
	}
	return nil
}
