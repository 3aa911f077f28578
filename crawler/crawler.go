package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/extract"
)

// Result is the outcome of one page fetch. Every fetch produces one, errors
// included, and is handed to the Sink.
type Result struct {
	URL         string // normalised URL as queued
	FinalURL    string // after redirects (URL when there were none)
	Status      int    // HTTP status; 0 when no response arrived
	ContentType string // the response's Content-Type header, unmodified
	Bytes       int    // body bytes read (decompressed)
	// Body is the raw body as served (not charset-decoded), for archiving
	// and re-extraction; nil on errors and for bodies over the limit.
	Body      []byte
	FetchedAt time.Time     // UTC start of the request
	Duration  time.Duration // request start to body read
	Depth     int           // links from the nearest seed
	// Article is the extraction of a 2xx HTML page; nil when not parsed.
	Article *extract.Article
	// Err says why the page could not be fetched or used: network errors,
	// ErrForbiddenAddress, ErrRobotsUnavailable, HTTP 4xx/5xx, an
	// out-of-scope redirect, a body over MaxBodySize, an extraction error.
	Err error
}

// Sink receives every Result. Save is called from several goroutines at
// once and must be safe for that. An error from Save aborts the crawl:
// losing archive writes is fatal.
type Sink interface {
	Save(ctx context.Context, r *Result) error
}

// Stats summarises a crawl.
type Stats struct {
	PagesFetched int // requests made for pages (robots.txt not counted)
	Articles     int // results whose Article.Kind is article
	IndexPages   int // … is index
	Other        int // successful results of any other kind, or not HTML
	Errors       int // results with Err set
	Disallowed   int // URLs skipped because robots.txt disallows them
	Elapsed      time.Duration
}

// Run crawls from cfg.Seeds until the frontier is empty, MaxPages is spent
// or ctx ends, handing every fetch to sink.
//
// It returns an error for an invalid Config, a failed Save (the crawl stops
// at once), or an interrupted crawl (wrapping ctx.Err()); the Stats are
// those of the work done either way. Failed fetches are not errors of Run:
// they are Results with Err set, counted in Stats.Errors.
func Run(ctx context.Context, cfg Config, sink Sink) (Stats, error) {
	start := time.Now()
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	if sink == nil {
		return Stats{}, errors.New("config: nil sink")
	}
	seeds, sc, err := parseSeeds(cfg.Seeds)
	if err != nil {
		return Stats{}, err
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	tr := newTransport(cfg)
	defer tr.CloseIdleConnections()
	c := &crawler{
		cfg:   cfg,
		log:   cfg.Logger,
		scope: sc,
		seen:  newSeenSet(),
		sink:  sink,
	}
	c.robots = newRobotsCache(cfg, tr)
	c.coll = c.newCollector(runCtx, tr)

	sched := newScheduler(cfg.HostParallel, cfg.Delay)
	for _, u := range seeds {
		if s := u.String(); c.seen.add(s) {
			sched.push(&job{url: s, depth: 0, host: u.Hostname()})
		}
	}

	// Concurrency: a fixed pool of cfg.Parallel workers, each running one
	// fetch at a time synchronously (colly's Async mode would start a
	// goroutine per queued URL and its LimitRule shares one semaphore
	// across every host a pattern matches). The dispatch loop below alone
	// owns the queue and per-host politeness; it hands a job to a worker
	// only when the job's host is under HostParallel and past its delay.
	// Extraction and Save run on the worker, so fetched-but-unprocessed
	// pages are bounded by Parallel too.
	jobs := make(chan *job)
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	for range cfg.Parallel {
		wg.Go(func() {
			for j := range jobs {
				outcomes <- c.process(runCtx, j)
			}
		})
	}

	var (
		stats    Stats
		fatal    error
		inflight int
		reserved int // pages fetched or being fetched, against MaxPages
		stopping bool
		timer    = time.NewTimer(time.Hour)
	)
	timer.Stop()
	defer timer.Stop()
	for {
		var (
			send   chan *job
			next   *job
			timerC <-chan time.Time
			done   <-chan struct{}
		)
		if !stopping {
			done = runCtx.Done()
			if cfg.MaxPages == 0 || reserved < cfg.MaxPages {
				var wait time.Duration
				next, wait = sched.ready(time.Now())
				if next != nil {
					send = jobs
				} else if wait > 0 {
					timer.Reset(wait)
					timerC = timer.C
				}
			}
			if send == nil && timerC == nil && inflight == 0 {
				break // nothing queued, or the page budget is spent
			}
		} else if inflight == 0 {
			break
		}
		select {
		case send <- next:
			sched.start(next, time.Now())
			inflight++
			reserved++
		case o := <-outcomes:
			inflight--
			sched.finish(o.job.host, o.fetched, o.crawlDelay, time.Now())
			if !o.fetched {
				reserved--
			}
			if o.saveErr != nil && fatal == nil {
				fatal = fmt.Errorf("save %s: %w", o.job.url, o.saveErr)
				stopping = true
				cancel() // abort requests in flight; their results are dropped
			}
			stats.add(o)
			if o.job.depth < cfg.MaxDepth {
				for _, l := range o.links {
					if c.seen.add(l) {
						u, _ := url.Parse(l) // normalised already
						sched.push(&job{url: l, depth: o.job.depth + 1, host: u.Hostname()})
					}
				}
			}
		case <-timerC:
		case <-done:
			stopping = true
		}
		timer.Stop()
	}
	close(jobs)
	wg.Wait()
	stats.Elapsed = time.Since(start)
	if fatal != nil {
		return stats, fatal
	}
	if ctx.Err() != nil {
		return stats, fmt.Errorf("crawl interrupted: %w", ctx.Err())
	}
	return stats, nil
}

// outcome is what a worker reports to the dispatch loop.
type outcome struct {
	job        *job
	result     *Result // nil when nothing was saved
	fetched    bool    // a request was made for the page
	links      []string
	disallowed int
	crawlDelay time.Duration
	saveErr    error
}

func (s *Stats) add(o outcome) {
	s.Disallowed += o.disallowed
	r := o.result
	if r == nil {
		return
	}
	if o.fetched {
		s.PagesFetched++
	}
	switch {
	case r.Err != nil:
		s.Errors++
	case r.Article != nil && r.Article.Kind == extract.KindArticle:
		s.Articles++
	case r.Article != nil && r.Article.Kind == extract.KindIndex:
		s.IndexPages++
	default:
		s.Other++
	}
}

type crawler struct {
	cfg    Config
	log    *slog.Logger
	scope  scope
	seen   *seenSet
	robots *robotsCache
	coll   *colly.Collector
	sink   Sink
}

// fetchState carries one request's data out of colly's callbacks, which
// run on the worker's goroutine during coll.Request.
type fetchState struct {
	status      int
	contentType string
	finalURL    *url.URL
	location    string // of a final 3xx
	body        []byte
	tooLarge    bool
}

const stateKey = "newsarchive.state"

// newCollector configures one synchronous collector shared by all workers
// (colly's fetch path is safe for concurrent use; Async only adds a
// goroutine per Visit). Fields are set after NewCollector because it
// applies COLLY_* environment variables after its options, which could
// otherwise change limits behind the config's back.
func (c *crawler) newCollector(ctx context.Context, tr http.RoundTripper) *colly.Collector {
	coll := colly.NewCollector()
	coll.UserAgent = c.cfg.UserAgent
	coll.Context = ctx
	coll.Async = false
	coll.MaxDepth = 0
	coll.MaxRequests = 0
	coll.AllowedDomains = nil
	coll.DisallowedDomains = nil
	coll.CacheDir = ""
	coll.DetectCharset = false
	coll.CheckHead = false
	coll.TraceHTTP = false
	// We do robots.txt and deduplication ourselves (see robots.go and
	// seenSet); colly's versions are weaker and would also block retries.
	coll.IgnoreRobotsTxt = true
	coll.AllowURLRevisit = true
	// Every status reaches OnResponse; we decide what is an error.
	coll.ParseHTTPErrorResponse = true
	// One byte over the limit tells a body of exactly MaxBodySize from a
	// cut one: colly truncates silently.
	coll.MaxBodySize = c.cfg.MaxBodySize + 1
	coll.WithTransport(tr)
	coll.SetRequestTimeout(c.cfg.Timeout)
	coll.SetRedirectHandler(c.checkRedirect)

	coll.OnResponseHeaders(func(r *colly.Response) {
		st := r.Ctx.GetAny(stateKey).(*fetchState)
		st.status = r.StatusCode
		st.finalURL = r.Request.URL
		st.contentType = r.Headers.Get("Content-Type")
		st.location = r.Headers.Get("Location")
		if n, err := strconv.ParseInt(r.Headers.Get("Content-Length"), 10, 64); err == nil && n > int64(c.cfg.MaxBodySize) {
			st.tooLarge = true
			r.Request.Abort()
			return
		}
		// colly re-decodes a body whose Content-Type names a charset other
		// than UTF-8, and the extractor would then decode it a second time.
		// Dropping the parameter from the header colly reads (the map is
		// the response's own) keeps the body raw; Result.ContentType and
		// the extractor get the original header from st.
		if mt, _, err := mime.ParseMediaType(st.contentType); err == nil && mt != st.contentType {
			r.Headers.Set("Content-Type", mt)
		}
	})
	coll.OnResponse(func(r *colly.Response) {
		st := r.Ctx.GetAny(stateKey).(*fetchState)
		st.status = r.StatusCode
		st.finalURL = r.Request.URL
		st.body = r.Body
		if len(r.Body) > c.cfg.MaxBodySize {
			st.tooLarge = true
		}
	})
	return coll
}

// checkRedirect keeps redirects to 10 hops, in scope, allowed by robots.txt
// and to URLs not seen before. A refused hop ends the chain with the 3xx
// response itself (http.ErrUseLastResponse), which process explains.
func (c *crawler) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	u := *req.URL
	if normalize(&u) != nil {
		return http.ErrUseLastResponse
	}
	if c.redirectRefusal(req.Context(), &u) != "" {
		return http.ErrUseLastResponse
	}
	// A hop back into the chain (a cookie-setting round trip) is allowed:
	// the hop cap ends real loops.
	target := u.String()
	for _, v := range via {
		p := *v.URL
		if normalize(&p) == nil && p.String() == target {
			return nil
		}
	}
	if !c.seen.add(target) {
		return http.ErrUseLastResponse // fetched or queued already
	}
	return nil
}

// redirectRefusal says why a redirect to u (normalised) must not be
// followed, or returns "".
func (c *crawler) redirectRefusal(ctx context.Context, u *url.URL) string {
	if !c.scope.contains(u) {
		return "outside crawl scope"
	}
	if !c.cfg.IgnoreRobots {
		rules, err := c.robots.get(ctx, origin(u))
		if err != nil || !rules.allows(u) {
			return "disallowed by robots.txt"
		}
	}
	return ""
}

// process handles one job on a worker goroutine: robots.txt, fetch,
// extraction, links, Save.
func (c *crawler) process(ctx context.Context, j *job) outcome {
	o := outcome{job: j}
	u, _ := url.Parse(j.url) // normalised when queued
	if !c.cfg.IgnoreRobots {
		rules, err := c.robots.get(ctx, origin(u))
		if err != nil {
			return o // interrupted
		}
		o.crawlDelay = rules.crawlDelay
		if rules.unavailable != nil {
			o.result = &Result{
				URL: j.url, FinalURL: j.url, Depth: j.depth, FetchedAt: time.Now().UTC(),
				Err: fmt.Errorf("%w: %w", ErrRobotsUnavailable, rules.unavailable),
			}
			c.log.Debug("not fetched", "url", j.url, "err", o.result.Err)
			o.saveErr = c.save(ctx, o.result)
			return o
		}
		if !rules.allows(u) {
			c.log.Debug("disallowed by robots.txt", "url", j.url)
			o.disallowed = 1
			return o
		}
	}

	o.fetched = true
	r, links := c.fetch(ctx, j)
	if r.Err != nil && ctx.Err() != nil {
		// Aborted by cancellation: not the site's fault, and the next
		// run will fetch it again. Don't record it.
		return o
	}
	c.log.Debug("fetched", "url", j.url, "status", r.Status, "bytes", r.Bytes,
		"kind", kindOf(r), "depth", j.depth, "duration", r.Duration, "err", r.Err)
	o.result = r
	o.saveErr = c.save(ctx, r)
	for _, l := range links {
		n, ok := c.scope.followable(l)
		if !ok {
			continue
		}
		if !c.cfg.IgnoreRobots {
			// Filter here, where the robots verdict is cached, so that
			// disallowed URLs never take a politeness slot.
			nu, _ := url.Parse(n)
			// Marking them seen counts each once and skips them next time.
			if rules, err := c.robots.get(ctx, origin(nu)); err == nil && rules.unavailable == nil && !rules.allows(nu) {
				if c.seen.add(n) {
					o.disallowed++
				}
				continue
			}
		}
		o.links = append(o.links, n)
	}
	return o
}

// save hands r to the sink. A page fetched before a cancellation is still
// saved, so Save gets a context that outlives the run's.
func (c *crawler) save(ctx context.Context, r *Result) error {
	return c.sink.Save(context.WithoutCancel(ctx), r)
}

func kindOf(r *Result) extract.Kind {
	if r.Article == nil {
		return ""
	}
	return r.Article.Kind
}

// fetch requests j's URL through colly and turns the response into a
// Result and the page's raw links.
func (c *crawler) fetch(ctx context.Context, j *job) (*Result, []string) {
	st := &fetchState{}
	cctx := colly.NewContext()
	cctx.Put(stateKey, st)
	start := time.Now()
	err := c.coll.Request(http.MethodGet, j.url, nil, cctx, nil)
	r := &Result{
		URL:         j.url,
		FinalURL:    j.url,
		Status:      st.status,
		ContentType: st.contentType,
		Bytes:       len(st.body),
		FetchedAt:   start.UTC(),
		Duration:    time.Since(start),
		Depth:       j.depth,
	}
	if st.finalURL != nil {
		r.FinalURL = st.finalURL.String()
	}
	switch {
	case st.tooLarge:
		r.Err = fmt.Errorf("body exceeds %d bytes", c.cfg.MaxBodySize)
		return r, nil
	case err != nil:
		r.Err = err
		return r, nil
	case r.Status >= 400:
		r.Err = fmt.Errorf("http %d %s", r.Status, http.StatusText(r.Status))
		return r, nil
	case r.Status >= 300:
		r.Err = c.unfollowedRedirect(ctx, r, st)
		return r, nil
	case r.Status < 200:
		r.Err = fmt.Errorf("http %d", r.Status)
		return r, nil
	}
	r.Body = st.body
	if !isHTML(st.contentType, st.body) {
		return r, nil
	}
	a, err := extract.Parse(st.body, extract.Options{URL: r.FinalURL, ContentType: st.contentType, FetchedAt: start})
	if err != nil {
		r.Err = fmt.Errorf("extract: %w", err)
		return r, nil
	}
	// The extractor's one parse yields the links too: no second parse here.
	r.Article = a
	return r, a.Links
}

// unfollowedRedirect explains a final 3xx response: checkRedirect refused
// the hop, or the server gave no usable Location. A redirect to a URL
// already seen is not an error: that page is fetched under its own URL.
func (c *crawler) unfollowedRedirect(ctx context.Context, r *Result, st *fetchState) error {
	base := st.finalURL
	if base == nil {
		base, _ = url.Parse(r.URL)
	}
	target, err := base.Parse(st.location)
	if st.location == "" || err != nil {
		return fmt.Errorf("http %d without a usable Location", r.Status)
	}
	t := *target
	if normalize(&t) != nil {
		return fmt.Errorf("redirect to %s not followed: not http(s)", target)
	}
	if why := c.redirectRefusal(ctx, &t); why != "" {
		return fmt.Errorf("redirect to %s not followed: %s", t.String(), why)
	}
	return nil
}

func isHTML(contentType string, body []byte) bool {
	if contentType == "" {
		contentType = http.DetectContentType(body)
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "text/html" || mt == "application/xhtml+xml"
}
