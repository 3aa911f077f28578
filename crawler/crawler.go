package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/extract"
)

// Result is the outcome of one fetch attempt. Every attempt produces one,
// errors included, and is handed to the Sink.
type Result struct {
	URL         string // normalised URL as queued
	FinalURL    string // after redirects (URL when there were none)
	Status      int    // HTTP status; 0 when no response arrived
	ContentType string // the response's Content-Type header, unmodified
	Bytes       int    // body bytes read (decompressed, at most MaxBodySize)
	// Body is the raw body as served (not charset-decoded, but without
	// the transport's Content-Encoding), for archiving and re-extraction.
	// It is also set for 3xx/4xx/5xx responses with a body; nil when no
	// response arrived and for 304 responses.
	Body      []byte
	FetchedAt time.Time     // UTC start of the request
	Duration  time.Duration // request start to body read
	Depth     int           // links from the nearest seed
	Resource  Resource      // what the URL was queued as
	// Article is the extraction of a 2xx HTML page; nil when not parsed.
	Article *extract.Article
	// Truncated is set when the body was longer than MaxBodySize after
	// decompression: Body holds the first MaxBodySize bytes, links were
	// taken from them, and the page must not be archived as a whole article.
	Truncated bool
	// NotModified is set for a 304 answer to a conditional request: the
	// page is as it was last time, and was not parsed.
	NotModified bool
	// Attempt is 1 for the first fetch of the URL in this run.
	Attempt int
	// Retry is set when the crawler will fetch the URL again in this run.
	Retry bool
	// Visit is the frontier update for this fetch. An archive that keeps
	// the frontier commits it in the same transaction as the fetch.
	Visit *Visit
	// Err says why the page could not be fetched or used: network errors,
	// ErrForbiddenAddress, ErrRobotsUnavailable, HTTP 4xx/5xx, an
	// out-of-scope redirect, an extraction error.
	Err error

	// RequestHeader and Header are the request headers sent (as colly
	// built them; the transport adds Host and Accept-Encoding) and the
	// response headers received, for archiving the exchange (WARC); nil
	// when no response arrived.
	RequestHeader http.Header
	Header        http.Header

	header http.Header // response headers, for validators and Retry-After
}

// Discovery says how the URLs handed to one [Frontier.Add] call were
// found: Via is "link" (a page's links), "feed", "sitemap" or "robots"
// (robots.txt Sitemap lines), From the URL of the page, feed or sitemap
// that named them. Seeds are added with no Discovery.
type Discovery struct {
	Via  string
	From string
}

type discoveryKey struct{}

// DiscoveryFrom returns the Discovery of a [Frontier.Add] call's context,
// for frontiers that record where URLs came from.
func DiscoveryFrom(ctx context.Context) (Discovery, bool) {
	d, ok := ctx.Value(discoveryKey{}).(Discovery)
	return d, ok
}

// Sink receives every Result. Save is called from several goroutines at
// once and must be safe for that. An error from Save aborts the crawl:
// losing archive writes is fatal.
type Sink interface {
	Save(ctx context.Context, r *Result) error
}

// Stats summarises a crawl.
type Stats struct {
	PagesFetched int // requests made for pages, feeds and sitemaps (robots.txt not counted)
	Articles     int // results whose Article.Kind is article
	IndexPages   int // … is index
	Feeds        int // feeds read
	Sitemaps     int // sitemaps read
	Other        int // successful results of any other kind, or not HTML
	NotModified  int // 304 answers to conditional requests
	Truncated    int // bodies cut at MaxBodySize
	Errors       int // final failures (results with Err set and no retry)
	Retries      int // attempts scheduled again after a transient failure
	Disallowed   int // URLs skipped because robots.txt disallows them
	Discovered   int // new URLs added to the frontier
	Queued       int // URLs held in memory, waiting (for progress display)
	InFlight     int // requests running (for progress display)
	Elapsed      time.Duration
	// Stopped says why the crawl ended before its frontier was empty:
	// "max-pages", "max-duration", "interrupted", or "" when it was not.
	Stopped string
	// Hosts has per-host counts, keyed by host[:port].
	Hosts map[string]*HostStats
}

// HostStats are one host's counts in a run.
type HostStats struct {
	Fetched   int    // requests made
	OK        int    // responses with status below 400 (304 included)
	Errors    int    // final failures
	Retries   int    // transient failures retried
	Refused   int    // failures that were our refusal (ErrForbiddenAddress)
	LastError string // the last final failure
}

// Failed reports that the host was tried and never answered usefully:
// every attempt failed (or its robots.txt could not be read). Refusals to
// connect to a private address are the crawl's policy, not the host's
// failure, and do not count.
func (h *HostStats) Failed() bool { return h.OK == 0 && h.Errors > h.Refused }

// FailedHosts lists the hosts that failed entirely.
func (s *Stats) FailedHosts() []string {
	var out []string
	for h, hs := range s.Hosts {
		if hs.Failed() {
			out = append(out, h)
		}
	}
	return out
}

// Run crawls from the seeds and outlets of cfg until the frontier has
// nothing due, MaxPages is spent, MaxDuration passes or ctx ends, handing
// every fetch to sink.
//
// It returns an error for an invalid Config, a failed Save or frontier
// write (the crawl stops at once), or an interrupted crawl (wrapping
// ctx.Err()); the Stats are those of the work done either way. Failed
// fetches are not errors of Run: they are Results with Err set, counted in
// Stats.Errors and per host in Stats.Hosts.
func Run(ctx context.Context, cfg Config, sink Sink) (Stats, error) {
	start := time.Now()
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if sink == nil {
		return Stats{}, errors.New("config: nil sink")
	}
	sc, seeds, err := buildScope(cfg.Outlets)
	if err != nil {
		return Stats{}, err
	}
	seedSet := make(map[string]bool, len(seeds))
	for _, e := range seeds {
		seedSet[e.URL] = true
	}
	fr := cfg.Frontier
	if fr == nil {
		fr = NewMemoryFrontier()
	}
	if err := fr.Begin(ctx, cfg.Now(), cfg.Revisit.All); err != nil {
		return Stats{}, fmt.Errorf("frontier: begin: %w", err)
	}
	if _, err := fr.Add(ctx, seeds); err != nil {
		return Stats{}, fmt.Errorf("frontier: add seeds: %w", err)
	}

	// Requests run on a context of their own: when ctx ends, requests in
	// flight get Config.Grace to finish before they are abandoned.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	tr := newTransport(cfg)
	defer tr.CloseIdleConnections()
	c := &crawler{
		cfg:      cfg,
		log:      cfg.Logger,
		scope:    sc,
		frontier: fr,
		sink:     sink,
		known:    newKnownURLs(),
	}
	c.robots = newRobotsCache(cfg, tr)
	c.coll = c.newCollector(runCtx, tr)

	sched := newScheduler(cfg.HostParallel, cfg.Delay)
	sched.configure = func(h *hostQueue) {
		if o := sc.outletOfHost(h.name); o != nil {
			h.delay, h.baseDelay, h.perHost = o.Delay, o.Delay, o.HostParallel
		}
	}

	// Concurrency: a fixed pool of workers, each running one job at a time
	// synchronously (colly's Async mode would start a goroutine per queued
	// URL and its LimitRule shares one semaphore across every host a
	// pattern matches). The dispatch loop below alone owns the scheduler
	// and per-host politeness; it hands a job to a worker only when fewer
	// than Parallel requests are under way and the job's host is under its
	// parallelism and past its delay. A worker reports a release once
	// its request is over and the page extracted, then stores its links
	// and the page: the next request starts while the page commits, and
	// the pages of several workers share one commit (one commit per page
	// wrote about 150 KB of WAL each and held a worker idle for it; an
	// archive's writes may wait a few milliseconds to share one). The pool
	// is four times Parallel, so pages waiting for their commit are
	// bounded too, and the scheduler holds at most a window of the
	// frontier per host.
	//
	// Workers report on one channel with room for every report a worker
	// can have outstanding (a release, then its outcome), so a worker never
	// waits for the dispatch loop to be scheduled: on two busy cores the
	// loop waited about 1 ms for a processor at each report, and workers
	// held at a blocked send could not take the next job (issue 6). One
	// channel keeps each worker's release ahead of its outcome.
	jobs := make(chan *job)
	reports := make(chan report, 2*Workers(cfg.Parallel))
	c.reports = reports
	var wg sync.WaitGroup
	for range Workers(cfg.Parallel) {
		wg.Go(func() {
			for j := range jobs {
				o := c.process(runCtx, j)
				reports <- report{outcome: &o}
			}
		})
	}

	var (
		stats      = Stats{Hosts: map[string]*HostStats{}}
		fatal      error
		inflight   int // jobs handed to workers and not yet reported
		requesting int // … whose request is not over (released)
		reserved   int // pages fetched or being fetched, against MaxPages
		perOutlet  = make([]int, len(cfg.Outlets))
		stopping   bool
		dirty      = true // the frontier may hold entries not yet taken
		nextRefill time.Time
		exhausted  = map[string]bool{} // hosts with nothing more in the frontier
		hostFails  = map[string]int{}  // consecutive final failures
		timer      = time.NewTimer(time.Hour)
		deadline   <-chan time.Time
		progress   <-chan time.Time
	)
	timer.Stop()
	defer timer.Stop()
	if cfg.MaxDuration > 0 {
		dt := time.NewTimer(cfg.MaxDuration)
		defer dt.Stop()
		deadline = dt.C
	}
	if cfg.Progress != nil {
		tk := time.NewTicker(cfg.ProgressEvery)
		defer tk.Stop()
		progress = tk.C
	}
	stop := func(why string) {
		if stopping {
			return
		}
		stopping = true
		if stats.Stopped == "" {
			stats.Stopped = why
		}
		// Requests in flight may finish within the grace period; after it
		// they are abandoned, and their URLs stay due for the next run.
		time.AfterFunc(cfg.Grace, cancel)
	}
	hostStats := func(h string) *HostStats {
		hs := stats.Hosts[h]
		if hs == nil {
			hs = &HostStats{}
			stats.Hosts[h] = hs
		}
		return hs
	}
	// finish ends a job's request: its host's slot and delay, and any
	// Retry-After pause.
	finish := func(rl release) {
		now := time.Now()
		sched.finish(rl.host, rl.fetched, rl.crawlDelay, now)
		if rl.hostWait > 0 {
			sched.pause(rl.host, now.Add(rl.hostWait))
		}
	}
	needRefill := func() bool {
		if sched.queued < cfg.Window {
			return true
		}
		for _, h := range sched.order {
			if !h.dead && h.len() < cfg.Window/4 && !exhausted[h.name] {
				return true
			}
		}
		return false
	}
	for {
		now := time.Now()
		if !stopping && dirty && !now.Before(nextRefill) && needRefill() {
			skip := sched.full(cfg.Window / 2)
			es, err := fr.Next(runCtx, cfg.Window, skip)
			if err != nil {
				fatal = fmt.Errorf("frontier: next: %w", err)
				stop("failed")
				cancel()
				continue
			}
			got := map[string]int{}
			for _, e := range es {
				got[e.Host]++
				// The archive may hold URLs of outlets or seeds this run
				// does not crawl: they wait for a run that does.
				if !seedSet[e.URL] && sc.outletIndexOf(e.URL) < 0 {
					continue
				}
				sched.push(&job{Entry: e})
			}
			skipped := map[string]bool{}
			for _, h := range skip {
				skipped[h] = true
			}
			for _, h := range sched.order {
				if !skipped[h.name] && got[h.name] < cfg.Window {
					exhausted[h.name] = true
				}
			}
			if len(es) == 0 {
				// Nothing more unless a skipped live host (one with a full
				// window) has more waiting: then look again shortly.
				dirty = false
				for _, h := range skip {
					if !sched.hosts[h].dead {
						dirty = true
						nextRefill = now.Add(100 * time.Millisecond)
						break
					}
				}
			}
		}
		var (
			send   chan *job
			next   *job
			timerC <-chan time.Time
			done   <-chan struct{}
		)
		if !stopping {
			done = ctx.Done()
			if cfg.MaxPages == 0 || reserved < cfg.MaxPages {
				var wait time.Duration
				for {
					next, wait = sched.ready(now)
					if next == nil {
						break
					}
					// A job over its outlet's page budget is dropped here: it
					// stays due in the frontier for the next run.
					if oi := sc.outletIndexOf(next.URL); oi >= 0 && cfg.Outlets[oi].MaxPages > 0 && perOutlet[oi] >= cfg.Outlets[oi].MaxPages {
						sched.drop(next)
						continue
					}
					break
				}
				if next != nil {
					if requesting < cfg.Parallel {
						send = jobs
					}
				} else {
					if dirty && wait == 0 && !nextRefill.IsZero() && nextRefill.After(now) {
						wait = nextRefill.Sub(now)
					}
					if wait > 0 {
						timer.Reset(wait)
						timerC = timer.C
					}
				}
			} else if stats.Stopped == "" && (sched.queued > 0 || dirty) {
				stats.Stopped = "max-pages"
			}
			if send == nil && timerC == nil && inflight == 0 && !(dirty && needRefill() && (cfg.MaxPages == 0 || reserved < cfg.MaxPages)) {
				break // nothing due, or the page budget is spent
			}
		} else if inflight == 0 {
			break
		}
		select {
		case send <- next:
			sched.start(next, time.Now())
			inflight++
			requesting++
			reserved++
			if oi := sc.outletIndexOf(next.URL); oi >= 0 {
				perOutlet[oi]++
			}
		case rp := <-reports:
			if rp.outcome == nil {
				requesting--
				finish(rp.release)
				break
			}
			o := *rp.outcome
			inflight--
			now := time.Now()
			if !o.released {
				requesting--
				finish(o.release())
			}
			if !o.fetched {
				reserved--
				if oi := sc.outletIndexOf(o.job.URL); oi >= 0 {
					perOutlet[oi]--
				}
			}
			if o.err != nil && fatal == nil {
				fatal = o.err
				stop("failed")
				cancel() // abort requests in flight; their results are dropped
			}
			stats.add(o, hostStats(o.job.Host))
			if o.added > 0 {
				dirty = true
				for h := range o.addedHosts {
					exhausted[h] = false
				}
			}
			switch {
			case o.hostDown:
				sched.kill(o.job.Host)
			case o.retry:
				o.job.attempt = o.attempt
				sched.retry(o.job, now.Add(o.retryWait))
			case o.result != nil && o.result.Err != nil && o.fetched:
				hostFails[o.job.Host]++
				if hostFails[o.job.Host] >= maxHostFailures && transient(o.result.Status, o.result.Err) {
					c.log.Warn("giving up on host for this run", "host", o.job.Host, "err", o.result.Err)
					sched.kill(o.job.Host)
				}
			case o.result != nil && o.fetched:
				hostFails[o.job.Host] = 0
			}
		case <-timerC:
		case <-done:
			stop("interrupted")
		case <-deadline:
			stop("max-duration")
		case <-progress:
			stats.Queued, stats.InFlight, stats.Elapsed = sched.queued, inflight, time.Since(start)
			cfg.Progress(stats)
		}
		timer.Stop()
	}
	close(jobs)
	wg.Wait()
	stats.Queued, stats.InFlight = sched.queued, 0
	stats.Elapsed = time.Since(start)
	if fatal != nil {
		return stats, fatal
	}
	if ctx.Err() != nil {
		return stats, fmt.Errorf("crawl interrupted: %w", ctx.Err())
	}
	return stats, nil
}

// Workers is the size of a crawl's worker pool for a Parallel of
// parallel: the most pages it holds from their request to their commit,
// and so the most a kill can lose (they are fetched again next run).
func Workers(parallel int) int { return 4 * parallel }

// maxHostFailures is how many URLs of one host may fail in a row, after
// their retries, before the host is left alone for the rest of the run.
const maxHostFailures = 5

// outcome is what a worker reports to the dispatch loop.
type outcome struct {
	job        *job
	result     *Result // nil when nothing was saved
	fetched    bool    // a request was made for the page
	disallowed int
	crawlDelay time.Duration
	added      int // new URLs added to the frontier
	addedHosts map[string]bool
	retry      bool          // fetch again after retryWait
	retryWait  time.Duration // from the end of this attempt
	hostWait   time.Duration // Retry-After: the host's pause from the end of this attempt
	attempt    int           // attempts made so far
	hostDown   bool          // give up on the host for this run
	err        error         // fatal: Save or frontier failed
	released   bool          // the request's end was reported as a release
}

// report is a worker's report to the dispatch loop: a release, or (with
// outcome set) the job's outcome.
type report struct {
	release release
	outcome *outcome
}

// release is what a worker reports when its request is over, before it
// saves the page: the host's slot, delay and pause.
type release struct {
	host       string
	fetched    bool
	crawlDelay time.Duration
	hostWait   time.Duration
}

func (o *outcome) release() release {
	return release{host: o.job.Host, fetched: o.fetched, crawlDelay: o.crawlDelay, hostWait: o.hostWait}
}

func (s *Stats) add(o outcome, hs *HostStats) {
	s.Disallowed += o.disallowed
	s.Discovered += o.added
	r := o.result
	if r == nil {
		return
	}
	if o.fetched {
		s.PagesFetched++
		hs.Fetched++
		if r.Status > 0 && r.Status < 400 {
			hs.OK++
		}
	}
	if r.Truncated {
		s.Truncated++
	}
	switch {
	case r.Retry:
		s.Retries++
		hs.Retries++
	case r.Err != nil:
		s.Errors++
		hs.Errors++
		hs.LastError = r.Err.Error()
		if errors.Is(r.Err, ErrForbiddenAddress) {
			hs.Refused++
		}
	case r.NotModified:
		s.NotModified++
	case r.Resource == ResourceFeed && r.Article == nil:
		s.Feeds++
	case r.Resource == ResourceSitemap && r.Article == nil:
		s.Sitemaps++
	case r.Article != nil && r.Article.Kind == extract.KindArticle && !r.Truncated:
		// A page cut at the size cap is parsed for its links only; it is
		// never stored as an article, so it is not counted as one.
		s.Articles++
	case r.Article != nil && r.Article.Kind == extract.KindIndex:
		s.IndexPages++
	default:
		s.Other++
	}
}

type crawler struct {
	cfg      Config
	log      *slog.Logger
	scope    *scopeSet
	frontier Frontier
	robots   *robotsCache
	coll     *colly.Collector
	sink     Sink

	// inflight maps the URL of each request in flight to its job, for the
	// redirect handler, which sees only the http.Request.
	inflight sync.Map
	// robotsSitemaps records the origins whose robots.txt Sitemap lines
	// were queued in this run.
	robotsSitemaps sync.Map
	// known holds URLs already in the frontier (known.go).
	known *knownURLs
	// reports takes a worker's report that its request is over (Run).
	reports chan<- report
}

// process handles one job on a worker goroutine: robots.txt, fetch,
// parse, new URLs into the frontier, a release on c.reports, Save.
func (c *crawler) process(ctx context.Context, j *job) outcome {
	o := outcome{job: j, attempt: j.attempt}
	u, _ := url.Parse(j.URL) // normalised when queued
	if !c.cfg.IgnoreRobots {
		rules, err := c.robots.get(ctx, origin(u))
		if err != nil {
			return o // interrupted
		}
		o.crawlDelay = c.cfg.scaled(rules.crawlDelay)
		if rules.unavailable != nil {
			// RFC 9309: disallow the host for now. The URL stays due, and
			// so do the host's others: the next run tries again.
			now := time.Now().UTC()
			err := fmt.Errorf("%w: %w", ErrRobotsUnavailable, rules.unavailable)
			o.result = &Result{
				URL: j.URL, FinalURL: j.URL, Depth: j.Depth, FetchedAt: now, Resource: j.Resource,
				Attempt: j.attempt + 1, Err: err,
				Visit: &Visit{URL: j.URL, State: VisitFailed, FetchedAt: now, RevisitAt: now, Attempts: j.attempt + 1, Err: err.Error()},
			}
			o.hostDown = true
			c.log.Debug("not fetched", "url", j.URL, "err", err)
			o.err = c.save(ctx, o.result)
			return o
		}
		c.queueRobotsSitemaps(ctx, u, rules, &o)
		if o.err != nil {
			return o
		}
		if !rules.allows(u) {
			c.log.Debug("disallowed by robots.txt", "url", j.URL)
			o.disallowed = 1
			now := c.cfg.Now()
			v := Visit{URL: j.URL, State: VisitDone, FetchedAt: now, RevisitAt: now.Add(c.cfg.Revisit.RecentEvery), Err: "disallowed by robots.txt"}
			if err := c.frontier.Settle(context.WithoutCancel(ctx), v, false); err != nil {
				o.err = fmt.Errorf("frontier: settle %s: %w", j.URL, err)
			}
			return o
		}
	}

	o.fetched = true
	o.attempt = j.attempt + 1
	c.inflight.Store(j.URL, j)
	r, found := c.fetch(ctx, j)
	c.inflight.Delete(j.URL)
	if r.Err != nil && ctx.Err() != nil {
		// Abandoned at shutdown: not the site's fault, and the URL stays
		// due for the next run. Don't record it.
		return o
	}
	r.Attempt = o.attempt
	c.decide(j, r, &o)
	c.log.Debug("fetched", "url", j.URL, "status", r.Status, "bytes", r.Bytes,
		"kind", kindOf(r), "depth", j.Depth, "duration", r.Duration, "attempt", r.Attempt,
		"retry", r.Retry, "err", r.Err)

	// The request is over and the page extracted: the dispatch loop may
	// start the next request while this page's links and the page wait
	// for their commits.
	c.reports <- report{release: o.release()}
	o.released = true
	// New URLs go into the frontier before the page is marked done: a
	// kill in between re-fetches the page, while the other order could
	// lose its links for good (an unchanged index page answers 304 next
	// time and is not parsed again).
	if !found.empty() {
		o.added, o.addedHosts, o.err = c.addFound(ctx, j, found)
		if o.err != nil {
			return o
		}
	}
	o.result = r
	o.err = c.save(ctx, r)
	return o
}

// decide sets r.Visit, the retry and the revisit time from the response.
func (c *crawler) decide(j *job, r *Result, o *outcome) {
	now := c.cfg.Now()
	v := &Visit{URL: j.URL, State: VisitDone, FetchedAt: now, Attempts: 0, Also: j.redirects}
	r.Visit = v
	j.redirects = nil
	switch {
	case r.Err != nil && !r.Truncated && transient(r.Status, r.Err):
		v.Attempts = o.attempt
		v.Err = r.Err.Error()
		wait, ok := time.Duration(0), false
		if r.Status == 429 || r.Status == 503 {
			wait, ok = retryAfter(r.header, time.Now())
		}
		if ok && wait > c.cfg.MaxRetryAfter {
			// The host asks for a longer pause than a run should wait:
			// leave it, and its other URLs, for the next run.
			v.State, v.RevisitAt = VisitFailed, now
			o.hostDown = true
			return
		}
		if ok {
			// Retry-After pauses the whole host, whether or not this URL
			// has attempts left: a last attempt answered 429 used to
			// let the host's next URL go at once (found by torture's
			// hostile-network scenario).
			o.hostWait = c.cfg.scaled(wait)
		}
		if o.attempt >= c.cfg.MaxAttempts {
			v.State, v.RevisitAt = VisitFailed, now
			return
		}
		if !ok {
			wait = backoff(c.cfg.RetryBackoff, o.attempt, nil)
		}
		v.State = VisitRetry
		r.Retry = true
		o.retry = true
		o.retryWait = c.cfg.scaled(wait)
	case r.Err != nil:
		// Final: a 4xx, a refused address or redirect. Start pages, feeds
		// and sitemaps are tried again next run, other pages in a week.
		v.Err = r.Err.Error()
		v.RevisitAt = c.revisitAt(j, now, "", time.Time{})
	case r.NotModified:
		v.NotModified = true
		v.ETag, v.LastModified, v.PageKind, v.PublishedAt = j.ETag, j.LastModified, j.PageKind, j.PublishedAt
		if e := r.header.Get("ETag"); e != "" {
			v.ETag = e
		}
		if lm := r.header.Get("Last-Modified"); lm != "" {
			v.LastModified = lm
		}
		v.RevisitAt = c.revisitAt(j, now, v.PageKind, v.PublishedAt)
	default:
		v.ETag, v.LastModified = r.header.Get("ETag"), r.header.Get("Last-Modified")
		v.PublishedAt = j.PublishedAt
		switch {
		case r.Article != nil:
			v.PageKind = string(r.Article.Kind)
			if t := parseDate(r.Article.PublishedAt); !t.IsZero() {
				v.PublishedAt = t
			}
		case r.Resource == ResourceFeed, r.Resource == ResourceSitemap:
			v.PageKind = string(r.Resource)
		default:
			v.PageKind = string(extract.KindOther)
		}
		if r.Truncated {
			// A cut page keeps no validators: the next fetch must be whole.
			v.ETag, v.LastModified = "", ""
		}
		v.RevisitAt = c.revisitAt(j, now, v.PageKind, v.PublishedAt)
	}
}

func (c *crawler) revisitAt(j *job, now time.Time, pageKind string, published time.Time) time.Time {
	if c.cfg.Revisit.All {
		return now
	}
	// Start pages, feeds, sitemaps, and pages one link from a start page
	// that are not articles (sections the extractor could not tell from
	// other pages) are where new articles appear: due every run.
	every := j.Depth == 0 || j.Resource == ResourceFeed || j.Resource == ResourceSitemap ||
		pageKind == string(ResourceFeed) || pageKind == string(ResourceSitemap) ||
		j.Depth == 1 && pageKind == string(extract.KindOther)
	first := j.AddedAt
	if first.IsZero() {
		first = now
	}
	return c.cfg.Revisit.next(now, every, pageKind, published, first)
}

// save hands r to the sink, then settles its visit in the frontier. A page
// fetched before a cancellation is still saved, so Save gets a context
// that outlives the run's.
func (c *crawler) save(ctx context.Context, r *Result) error {
	ctx = context.WithoutCancel(ctx)
	if err := c.sink.Save(ctx, r); err != nil {
		return fmt.Errorf("save %s: %w", r.URL, err)
	}
	if r.Visit != nil {
		if err := c.frontier.Settle(ctx, *r.Visit, true); err != nil {
			return fmt.Errorf("frontier: settle %s: %w", r.URL, err)
		}
	}
	return nil
}

func kindOf(r *Result) string {
	switch {
	case r.Article != nil:
		return string(r.Article.Kind)
	case r.Resource != ResourcePage:
		return string(r.Resource)
	}
	return ""
}
