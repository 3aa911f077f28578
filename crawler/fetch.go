package crawler

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/extract"
)

// fetchState carries one request's data out of colly's callbacks, which
// run on the worker's goroutine during coll.Request.
type fetchState struct {
	status      int
	contentType string
	header      http.Header
	reqHeader   http.Header
	finalURL    *url.URL
	location    string // of a final 3xx
	body        []byte
}

const stateKey = "newsarchive.state"

// errRedirectCap ends a chain of more than maxRedirects redirects.
var errRedirectCap = fmt.Errorf("stopped after %d redirects", maxRedirects)

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
	// the Frontier); colly's versions are weaker and would block retries.
	coll.IgnoreRobotsTxt = true
	coll.AllowURLRevisit = true
	// Every status reaches OnResponse; we decide what is an error.
	coll.ParseHTTPErrorResponse = true
	// colly cuts bodies silently at MaxBodySize; one byte more tells a
	// body of exactly MaxBodySize from a cut one. The count is of
	// decompressed bytes: the transport undoes Content-Encoding itself,
	// and rawGzip keeps colly from gunzipping files (see there).
	coll.MaxBodySize = c.cfg.MaxBodySize + 1
	coll.WithTransport(rawGzip{tr, c.cfg.Timeout})
	// The timeout is rawGzip's, not the http.Client's: see there.
	coll.SetRequestTimeout(0)
	coll.SetRedirectHandler(c.checkRedirect)

	coll.OnResponseHeaders(func(r *colly.Response) {
		st := r.Ctx.GetAny(stateKey).(*fetchState)
		st.status = r.StatusCode
		st.finalURL = r.Request.URL
		st.header = r.Headers.Clone()
		if r.Request.Headers != nil {
			st.reqHeader = r.Request.Headers.Clone()
		}
		st.contentType = r.Headers.Get("Content-Type")
		st.location = r.Headers.Get("Location")
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
	})
	return coll
}

// rawGzip stops colly from gunzipping a gzip file (a .xml.gz sitemap, a
// body served as application/gzip without Content-Encoding): colly would
// apply its size limit to the compressed bytes and then inflate without
// limit, so a small gzip bomb would fill memory. Marking the response as
// uncompressed hands colly the raw bytes; the crawler inflates them itself
// with the limit on the output (see gunzipLimited).
//
// rawGzip also applies Config.Timeout, as a deadline on the request's
// context from the first hop to the end of the last hop's body (what
// http.Client.Timeout bounds). With the timeout on the http.Client, a
// RoundTripper that is not an *http.Transport makes net/http start a
// watchdog goroutine per request; on a busy two-core machine those
// goroutines waited for a processor about 2.5 ms each and crowded out the
// crawl's own (issue 6).
type rawGzip struct {
	http.RoundTripper
	timeout time.Duration
}

func (t rawGzip) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout > 0 {
		deadline := time.Now().Add(t.timeout)
		if req.Response != nil && req.Response.Request != nil {
			// A redirect's next hop: the chain shares its first deadline.
			if d, ok := req.Response.Request.Context().Deadline(); ok {
				deadline = d
			}
		}
		ctx, cancel := context.WithDeadline(req.Context(), deadline)
		res, err := t.roundTrip(req.WithContext(ctx))
		if err != nil {
			cancel()
			return nil, err
		}
		res.Body = &cancelBody{ReadCloser: res.Body, cancel: cancel}
		return res, nil
	}
	return t.roundTrip(req)
}

func (t rawGzip) roundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.RoundTripper.RoundTrip(req)
	if err == nil && res.Header.Get("Content-Encoding") == "" {
		res.Uncompressed = true
	}
	return res, err
}

// cancelBody ends a request's deadline when its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// checkRedirect keeps redirects to 10 hops, in scope, allowed by robots.txt
// and to URLs the frontier does not know yet (a known URL is fetched under
// its own name). A refused hop ends the chain with the 3xx response itself
// (http.ErrUseLastResponse), which fetch explains.
func (c *crawler) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return errRedirectCap
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
	first := *via[0].URL
	if normalize(&first) != nil {
		return http.ErrUseLastResponse
	}
	jv, ok := c.inflight.Load(first.String())
	if !ok {
		return http.ErrUseLastResponse
	}
	j := jv.(*job)
	claimed, err := c.frontier.Claim(req.Context(), Entry{URL: target, Host: u.Host, Depth: j.Depth, Resource: j.Resource})
	if err != nil || !claimed {
		return http.ErrUseLastResponse // fetched or queued already
	}
	j.redirects = append(j.redirects, target)
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

// fetch requests j's URL through colly, conditionally when earlier runs
// left validators, and turns the response into a Result and the URLs it
// names.
func (c *crawler) fetch(ctx context.Context, j *job) (*Result, links) {
	st := &fetchState{}
	cctx := colly.NewContext()
	cctx.Put(stateKey, st)
	hdr := http.Header{}
	hdr.Set("User-Agent", c.cfg.UserAgent)
	if j.ETag != "" {
		hdr.Set("If-None-Match", j.ETag)
	}
	if j.LastModified != "" {
		hdr.Set("If-Modified-Since", j.LastModified)
	}
	start := time.Now()
	err := c.coll.Request(http.MethodGet, j.URL, nil, cctx, hdr)
	r := &Result{
		URL:         j.URL,
		FinalURL:    j.URL,
		Status:      st.status,
		ContentType: st.contentType,
		Bytes:       min(len(st.body), c.cfg.MaxBodySize),
		FetchedAt:   start.UTC(),
		Duration:    time.Since(start),
		Depth:       j.Depth,
		Resource:    j.Resource,
		header:      st.header,
	}
	if st.header != nil {
		r.Header, r.RequestHeader = st.header, st.reqHeader
	}
	if r.header == nil {
		r.header = http.Header{}
	}
	if st.finalURL != nil {
		r.FinalURL = st.finalURL.String()
	}
	switch {
	case err != nil:
		// No response, the redirect cap, or a body that failed half way
		// (reset, timeout).
		r.Err = err
		return r, links{}
	case r.Status == http.StatusNotModified && (j.ETag != "" || j.LastModified != ""):
		r.NotModified = true
		return r, links{}
	case r.Status >= 400:
		r.Err = fmt.Errorf("http %d %s", r.Status, http.StatusText(r.Status))
		r.Body = capBody(st.body, c.cfg.MaxBodySize) // for the raw archive only
		return r, links{}
	case r.Status >= 300:
		r.Err = c.unfollowedRedirect(ctx, r, st)
		r.Body = capBody(st.body, c.cfg.MaxBodySize)
		return r, links{}
	case r.Status < 200:
		r.Err = fmt.Errorf("http %d", r.Status)
		return r, links{}
	}
	body := st.body
	if len(body) > c.cfg.MaxBodySize {
		body = body[:c.cfg.MaxBodySize]
		r.Truncated = true
	}
	r.Body = body
	return r, c.read(j, r)
}

// resourceRobots marks the stand-in job whose found URLs are a
// robots.txt's Sitemap lines; it is never queued.
const resourceRobots Resource = "robots"

// capBody is body cut to max bytes, nil when empty.
func capBody(body []byte, max int) []byte {
	if len(body) == 0 {
		return nil
	}
	return body[:min(len(body), max)]
}

// links are the URLs a fetch named: a list, or a sitemap whose entries
// are read as they go to the frontier (see scanSitemap).
type links struct {
	list    []found
	sitemap []byte
}

func (l links) empty() bool { return len(l.list) == 0 && l.sitemap == nil }

// each hands every link to f in page order, up to f's first error.
func (l links) each(f func(found) error) error {
	for _, x := range l.list {
		if err := f(x); err != nil {
			return err
		}
	}
	var err error
	if l.sitemap != nil {
		// A sitemap cut short still names the URLs before the cut (read
		// checked that there is at least one).
		scanSitemap(l.sitemap, func(x found) bool {
			err = f(x)
			return err == nil
		})
	}
	return err
}

// read parses a 2xx body by what it is: HTML is extracted, feeds and
// sitemaps list URLs. A page queued as HTML that turns out to be a feed or
// a sitemap (a start page that is a feed) is read as one.
func (c *crawler) read(j *job, r *Result) links {
	body := r.Body
	if isGzip(body) {
		var cut bool
		body, cut = gunzipLimited(body, c.cfg.MaxBodySize)
		r.Truncated = r.Truncated || cut
		r.Bytes = len(body)
	}
	if isHTML(r.ContentType, body) && j.Resource == ResourcePage {
		a, err := extract.Parse(body, extract.Options{URL: r.FinalURL, ContentType: r.ContentType, FetchedAt: r.FetchedAt})
		if err != nil {
			r.Err = fmt.Errorf("extract: %w", err)
			return links{}
		}
		// The extractor's one parse yields the links too: no second parse here.
		r.Article = a
		if a.CanonicalURL == r.FinalURL {
			// The page names no canonical URL, and a redirect may have
			// led to a URL with tracking parameters ("?utm_source=…"):
			// the article is keyed as a link to it would be queued, so
			// it is not stored twice.
			if u, err := url.Parse(r.FinalURL); err == nil && normalize(u) == nil {
				a.CanonicalURL = u.String()
			}
		}
		out := make([]found, 0, len(a.Links))
		for _, l := range a.Links {
			out = append(out, found{url: l, resource: ResourcePage})
		}
		if a.Kind != extract.KindArticle {
			for _, f := range feedLinks(body, r.FinalURL) {
				out = append(out, found{url: f, resource: ResourceFeed, sameDepth: true, sameHostOnly: true})
			}
		}
		return links{list: out}
	}
	switch sniffXML(body) {
	case ResourceSitemap:
		r.Resource = ResourceSitemap
		// Whether it names anything is all that is needed now; addFound
		// reads the entries again a chunk at a time.
		named := false
		err := scanSitemap(body, func(found) bool {
			named = true
			return false
		})
		if err != nil && !named {
			r.Err = fmt.Errorf("sitemap: %w", err)
			return links{}
		}
		return links{sitemap: body}
	case ResourceFeed:
		r.Resource = ResourceFeed
		fs, err := parseFeed(body, r.FinalURL)
		if err != nil {
			r.Err = fmt.Errorf("feed: %w", err)
		}
		return links{list: fs}
	}
	if j.Resource != ResourcePage {
		r.Err = fmt.Errorf("%s: not a feed or sitemap (%s)", j.Resource, r.ContentType)
	}
	return links{}
}

// addFound puts the URLs a fetch named into the frontier, as far as scope
// and depth allow. It returns how many were new and their hosts.
func (c *crawler) addFound(ctx context.Context, j *job, ls links) (int, map[string]bool, error) {
	maxDepth := c.cfg.MaxDepth
	if oi := c.scope.outletIndexOf(j.URL); oi >= 0 {
		maxDepth = c.cfg.Outlets[oi].MaxDepth
	}
	jobOrigin := ""
	if u, err := url.Parse(j.URL); err == nil {
		jobOrigin = origin(u)
	}
	via, from := "link", j.URL
	switch {
	case j.Resource == ResourceFeed || j.Resource == ResourceSitemap:
		via = string(j.Resource)
	case j.Resource == resourceRobots:
		via, from = "robots", jobOrigin+"/robots.txt"
	}
	actx := context.WithValue(context.WithoutCancel(ctx), discoveryKey{}, Discovery{Via: via, From: from})

	// A sitemap may name 50,000 URLs: they go to the frontier in chunks,
	// so memory does not grow with the size of the site (issue 6). The
	// frontier ignores URLs it has, so duplicates across chunks are
	// harmless; each chunk commits before the page is marked done.
	const chunk = 512
	added := 0
	hosts := map[string]bool{}
	size := chunk // a sitemap's length is known only as it is read
	if ls.sitemap == nil {
		size = min(len(ls.list), chunk)
	}
	es := make([]Entry, 0, size)
	seen := map[string]bool{}
	flush := func() error {
		if len(es) == 0 {
			return nil
		}
		n, err := c.frontier.Add(actx, es)
		if err != nil {
			return fmt.Errorf("frontier: add links of %s: %w", j.URL, err)
		}
		if n > 0 {
			added += n
			for _, e := range es {
				hosts[e.Host] = true
			}
		}
		c.known.add(es)
		es = es[:0]
		clear(seen)
		return nil
	}
	err := ls.each(func(f found) error {
		depth := j.Depth + 1
		if f.sameDepth {
			depth = j.Depth
		}
		if depth > maxDepth {
			return nil
		}
		var n string
		switch {
		case f.resource == ResourcePage:
			var ok bool
			if n, _, ok = c.scope.followable(f.url); !ok {
				return nil
			}
		default:
			// Feeds and sitemaps named by pages, robots.txt or sitemap
			// indexes: on an outlet's hosts, or (for an index's children)
			// on the index's own origin.
			u, err := url.Parse(strings.TrimSpace(f.url))
			if err != nil || normalize(u) != nil || len(u.String()) > MaxURLLength {
				return nil
			}
			if !c.scope.contains(u) && (f.sameHostOnly || origin(u) != jobOrigin) {
				return nil
			}
			n = u.String()
		}
		if seen[n] || c.known.has(n) {
			return nil
		}
		seen[n] = true
		u, _ := url.Parse(n)
		es = append(es, Entry{URL: n, Host: u.Host, Depth: depth, Resource: f.resource, PublishedAt: f.published})
		if len(es) == chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return 0, nil, err
	}
	if added == 0 {
		return 0, nil, nil
	}
	return added, hosts, nil
}

// queueRobotsSitemaps adds the in-scope Sitemap lines of u's robots.txt,
// once per origin and run.
func (c *crawler) queueRobotsSitemaps(ctx context.Context, u *url.URL, rules *robotsRules, o *outcome) {
	if len(rules.sitemaps) == 0 {
		return
	}
	if _, loaded := c.robotsSitemaps.LoadOrStore(origin(u), true); loaded {
		return
	}
	var fs []found
	for _, s := range rules.sitemaps {
		fs = append(fs, found{url: s, resource: ResourceSitemap, sameDepth: true, sameHostOnly: true})
	}
	n, hosts, err := c.addFound(ctx, &job{Entry: Entry{URL: origin(u) + "/", Host: u.Host, Resource: resourceRobots}}, links{list: fs})
	o.added += n
	if o.addedHosts == nil {
		o.addedHosts = hosts
	} else {
		for h := range hosts {
			o.addedHosts[h] = true
		}
	}
	o.err = err
}

// unfollowedRedirect explains a final 3xx response: checkRedirect refused
// the hop, or the server gave no usable Location. A redirect to a URL
// already known is not an error: that page is fetched under its own URL.
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
