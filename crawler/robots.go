package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// We fetch robots.txt ourselves rather than let colly do it, because colly
// v2.3.0 treats a 5xx robots.txt as "allow everything" and ignores
// Crawl-delay; RFC 9309 asks for the opposite of the first, and politeness
// for the second.

// robotsRules is what one origin's robots.txt means for this crawler.
type robotsRules struct {
	group      *robotstxt.Group // nil: everything allowed
	crawlDelay time.Duration
	// unavailable is set when robots.txt could not be read (5xx, network
	// error): RFC 9309 §2.3.1.4 says to assume a complete disallow.
	unavailable error
	// sitemaps are the file's Sitemap lines, for discovery.
	sitemaps []string
}

var allowAll = &robotsRules{}

// allows reports whether u (normalised) may be fetched.
func (r *robotsRules) allows(u *url.URL) bool {
	if r.unavailable != nil {
		return false
	}
	if r.group == nil {
		return true
	}
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return r.group.Test(p)
}

// robotsCache fetches each origin's robots.txt once per crawl; concurrent
// callers for the same origin wait for the one fetch.
type robotsCache struct {
	client  *http.Client
	ua      string // full User-Agent header
	product string // token matched against robots.txt groups
	log     *slog.Logger

	mu      sync.Mutex
	entries map[string]*robotsEntry
}

type robotsEntry struct {
	done  chan struct{}
	rules *robotsRules
	err   error // only context errors; the entry is then dropped
}

func newRobotsCache(cfg Config, tr http.RoundTripper) *robotsCache {
	product, _, _ := strings.Cut(cfg.UserAgent, "/")
	product, _, _ = strings.Cut(strings.TrimSpace(product), " ")
	return &robotsCache{
		client: &http.Client{
			Transport: tr,
			Timeout:   cfg.Timeout,
			// RFC 9309 §2.3.1.2: follow at least five redirects. More are
			// treated as "unavailable" in the 4xx sense: allow.
			CheckRedirect: func(_ *http.Request, via []*http.Request) error {
				if len(via) >= 5 {
					return http.ErrUseLastResponse
				}
				return nil
			},
		},
		ua:      cfg.UserAgent,
		product: product,
		log:     cfg.Logger,
		entries: map[string]*robotsEntry{},
	}
}

// get returns the rules for origin ("scheme://host[:port]"). Its error is
// non-nil only when ctx ended first; unreadable files give rules with
// unavailable set instead.
func (rc *robotsCache) get(ctx context.Context, origin string) (*robotsRules, error) {
	rc.mu.Lock()
	e, ok := rc.entries[origin]
	if !ok {
		e = &robotsEntry{done: make(chan struct{})}
		rc.entries[origin] = e
	}
	rc.mu.Unlock()
	if ok {
		select {
		case <-e.done:
			if e.err != nil {
				return nil, e.err
			}
			return e.rules, nil
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e.rules, e.err = rc.fetch(ctx, origin)
	if e.err != nil {
		// Cancelled: forget it, so nothing caches a verdict we never got.
		rc.mu.Lock()
		delete(rc.entries, origin)
		rc.mu.Unlock()
	}
	close(e.done)
	return e.rules, e.err
}

func (rc *robotsCache) fetch(ctx context.Context, origin string) (*robotsRules, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, origin+"/robots.txt", nil)
	if err != nil {
		return &robotsRules{unavailable: err}, nil
	}
	req.Header.Set("User-Agent", rc.ua)
	resp, err := rc.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return &robotsRules{unavailable: fmt.Errorf("fetch robots.txt: %w", err)}, nil
	}
	defer resp.Body.Close()
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests || s >= 500:
		// 429 is a 4xx, but it asks us to back off, not to go ahead.
		return &robotsRules{unavailable: fmt.Errorf("robots.txt: http %d", s)}, nil
	case s >= 300 && s < 500:
		return allowAll, nil
	case s < 200:
		return &robotsRules{unavailable: fmt.Errorf("robots.txt: http %d", s)}, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsSize))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return &robotsRules{unavailable: fmt.Errorf("read robots.txt: %w", err)}, nil
	}
	return rc.parse(origin, body), nil
}

// parse reads a robots.txt body. temoto/robotstxt rejects a whole file for
// one bad line (an unparseable Crawl-delay, a rule before any User-agent),
// so on failure we drop such lines and try again rather than lose every
// rule in the file.
func (rc *robotsCache) parse(origin string, body []byte) *robotsRules {
	data, err := robotstxt.FromBytes(body)
	if err != nil {
		data, err = robotstxt.FromBytes(sanitizeRobots(body))
	}
	if err != nil {
		rc.log.Warn("robots.txt unparseable, allowing all", "origin", origin, "err", err)
		return allowAll
	}
	g := data.FindGroup(rc.product)
	return &robotsRules{group: g, crawlDelay: min(g.CrawlDelay, maxCrawlDelay), sitemaps: data.Sitemaps}
}

// sanitizeRobots drops lines RFC 9309 parsers ignore but temoto rejects.
func sanitizeRobots(body []byte) []byte {
	var out bytes.Buffer
	seenAgent := false
	for line := range bytes.Lines(body) {
		text, _, _ := bytes.Cut(line, []byte("#"))
		key, val, ok := bytes.Cut(text, []byte(":"))
		k := strings.ToLower(strings.TrimSpace(string(key)))
		v := strings.TrimSpace(string(val))
		if ok {
			switch k {
			case "user-agent":
				seenAgent = true
			case "allow", "disallow":
				if !seenAgent {
					continue
				}
			case "crawl-delay", "crawldelay":
				f, err := strconv.ParseFloat(v, 64)
				if !seenAgent || err != nil || f < 0 || f > 1e6 {
					continue
				}
			}
		}
		out.Write(line)
		if !bytes.HasSuffix(line, []byte("\n")) {
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

// ErrRobotsUnavailable is wrapped by the Err of results for URLs not
// fetched because their host's robots.txt could not be read (5xx, 429,
// network error): RFC 9309 says to treat the host as fully disallowed.
var ErrRobotsUnavailable = errors.New("robots.txt unavailable, host treated as disallowed")

// maxCrawlDelay caps a robots.txt Crawl-delay. Values of hours exist in the
// wild; honouring them would keep a nightly crawl running for days on one
// host, so we go as slowly as a minute per page and no slower.
const maxCrawlDelay = time.Minute
