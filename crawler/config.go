package crawler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"regexp"
	"time"
)

// Defaults applied by Run to zero-valued Config fields.
const (
	DefaultMaxDepth     = 5
	DefaultParallel     = 4
	DefaultHostParallel = 1
	DefaultDelay        = time.Second
	DefaultUserAgent    = "newsarchive/0.1 (+https://github.com/newsarchive/newsarchive)"
	DefaultTimeout      = 30 * time.Second
	DefaultMaxBodySize  = 10 << 20

	// MaxURLLength bounds discovered URLs: longer ones are almost always
	// session or calendar traps, and some servers reject them anyway.
	MaxURLLength = 2048
	// maxRedirects is net/http's own cap, which colly drops as soon as a
	// redirect handler is installed, so we enforce it ourselves.
	maxRedirects = 10
	// maxRobotsSize is the minimum RFC 9309 asks crawlers to parse.
	maxRobotsSize = 500 << 10

	DefaultMaxAttempts   = 4
	DefaultRetryBackoff  = 2 * time.Second
	DefaultMaxRetryAfter = 10 * time.Minute
	DefaultGrace         = 5 * time.Second
	// DefaultWindow is how many URLs per host the scheduler holds in
	// memory; the rest wait in the frontier.
	DefaultWindow = 200
)

// Config says what to crawl and how politely. Its zero value, plus Seeds,
// is a valid polite configuration.
type Config struct {
	// Seeds are absolute http(s) URLs. Their origins (scheme, host, port)
	// are the crawl's scope: links and redirects elsewhere are not followed.
	// Seeds form one implicit outlet beside Outlets.
	Seeds []string
	// Outlets are the sites of a configured crawl, each with its own
	// start pages, feeds, sitemaps, scope and limits.
	Outlets []Outlet
	// Frontier is the queue and seen set. nil means a fresh
	// MemoryFrontier: nothing is remembered after Run returns.
	Frontier Frontier
	// MaxDepth is how many links away from a seed the crawl goes.
	// 0 means DefaultMaxDepth; a negative value fetches the seeds only.
	MaxDepth int
	// MaxPages caps the pages fetched (requests made, errors included).
	// 0 means no limit.
	MaxPages int
	// Parallel is the number of requests in flight across all hosts.
	// 0 means DefaultParallel.
	Parallel int
	// HostParallel is the number of requests in flight to one host.
	// 0 means DefaultHostParallel (one at a time, as politeness asks).
	HostParallel int
	// Delay is the pause per host between one request ending and the next
	// starting. 0 means DefaultDelay; set NoDelay for none. A robots.txt
	// Crawl-delay larger than Delay wins.
	Delay time.Duration
	// NoDelay disables Delay (tests, and sites one owns). A robots.txt
	// Crawl-delay is still honoured.
	NoDelay bool
	// UserAgent is sent with every request and matched against robots.txt
	// groups by its product token (the text before the first "/").
	UserAgent string
	// IgnoreRobots skips robots.txt entirely. Only for sites one owns.
	IgnoreRobots bool
	// AllowPrivate permits connections to loopback, private, link-local and
	// unspecified addresses. Off by default so that a link, a redirect or a
	// DNS answer cannot turn the crawler against the local network.
	AllowPrivate bool
	// Timeout bounds one request, body included. 0 means DefaultTimeout.
	Timeout time.Duration
	// MaxBodySize is the largest body kept, in bytes after transparent
	// decompression. Bigger pages are recorded as errors, not cut and
	// extracted. 0 means DefaultMaxBodySize.
	MaxBodySize int
	// Logger receives one Debug record per page. nil discards.
	Logger *slog.Logger

	// MaxAttempts bounds the fetches of one URL in one run when failures
	// are transient (network errors, 408, 429, 5xx). 0 means
	// DefaultMaxAttempts; 1 disables retries.
	MaxAttempts int
	// RetryBackoff is the first backoff after a transient failure without
	// Retry-After; it doubles with each attempt, with jitter. 0 means
	// DefaultRetryBackoff.
	RetryBackoff time.Duration
	// MaxRetryAfter is the longest Retry-After honoured within a run; a
	// host asking for more is left for the next run. 0 means
	// DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// TimeScale multiplies every wait the crawler decides itself or is
	// asked for by a server (Crawl-delay, Retry-After, backoff), but not
	// Delay or Timeout. 0 means 1; tests use 0.001 to run at millisecond
	// scale what a real crawl does in seconds.
	TimeScale float64
	// Revisit decides when fetched URLs are due again.
	Revisit RevisitPolicy
	// Now is the clock for the revisit policy and the run's start. nil
	// means time.Now.
	Now func() time.Time
	// MaxDuration stops taking new work after this long; requests in
	// flight finish, and Run returns without error (Stats.Stopped says
	// why). 0 means no limit.
	MaxDuration time.Duration
	// Grace is how long requests in flight may take to finish once ctx
	// is cancelled or MaxDuration is reached, before they are abandoned.
	// 0 means DefaultGrace.
	Grace time.Duration
	// Progress, when set, is called from the dispatch loop about every
	// ProgressEvery (default 500ms) with the counts so far. It must not block.
	Progress      func(Stats)
	ProgressEvery time.Duration
	// Window is how many URLs per host are held in memory. 0 means
	// DefaultWindow.
	Window int
	// Resolve, when set, replaces DNS for host names (tests map a name
	// to an address with it). The address guard checks its answers too.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

// Outlet is one news site of a configured crawl.
type Outlet struct {
	Name     string
	Start    []string // start pages (home, sections): fetched every run
	Feeds    []string // RSS/Atom feeds: fetched every run, on any host
	Sitemaps []string // sitemaps or sitemap indexes, on any host
	// Hosts are the host[:port] names (or scheme://host[:port] origins)
	// whose pages belong to the outlet. Empty means the origins of Start
	// (of Feeds and Sitemaps when there is no start page).
	Hosts []string
	// Include and Exclude are regular expressions matched against
	// normalised URLs found on pages, feeds and sitemaps: a URL is
	// followed when it matches an Include (or there is none) and no
	// Exclude. Start pages, feeds and sitemaps are not filtered.
	Include, Exclude []string
	MaxDepth         int           // 0: Config.MaxDepth; negative: start pages only
	MaxPages         int           // fetches per run for this outlet; 0: no limit
	Delay            time.Duration // per-host pause; 0: Config.Delay
	HostParallel     int           // 0: Config.HostParallel

	include, exclude []*regexp.Regexp
}

// withDefaults validates cfg and fills in its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if len(cfg.Seeds) == 0 && len(cfg.Outlets) == 0 {
		return cfg, errors.New("config: no seeds")
	}
	switch {
	case cfg.MaxDepth == 0:
		cfg.MaxDepth = DefaultMaxDepth
	case cfg.MaxDepth < 0:
		cfg.MaxDepth = 0
	}
	if cfg.MaxPages < 0 {
		return cfg, fmt.Errorf("config: negative MaxPages %d", cfg.MaxPages)
	}
	if cfg.Parallel < 0 {
		return cfg, fmt.Errorf("config: negative Parallel %d", cfg.Parallel)
	}
	if cfg.Parallel == 0 {
		cfg.Parallel = DefaultParallel
	}
	if cfg.HostParallel < 0 {
		return cfg, fmt.Errorf("config: negative HostParallel %d", cfg.HostParallel)
	}
	if cfg.HostParallel == 0 {
		cfg.HostParallel = DefaultHostParallel
	}
	if cfg.Delay < 0 {
		return cfg, fmt.Errorf("config: negative Delay %v (use NoDelay)", cfg.Delay)
	}
	switch {
	case cfg.NoDelay:
		cfg.Delay = 0
	case cfg.Delay == 0:
		cfg.Delay = DefaultDelay
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Timeout < 0 {
		return cfg, fmt.Errorf("config: negative Timeout %v", cfg.Timeout)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxBodySize < 0 {
		return cfg, fmt.Errorf("config: negative MaxBodySize %d", cfg.MaxBodySize)
	}
	if cfg.MaxBodySize == 0 {
		cfg.MaxBodySize = DefaultMaxBodySize
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxAttempts < 0 {
		return cfg, fmt.Errorf("config: negative MaxAttempts %d", cfg.MaxAttempts)
	}
	if cfg.MaxAttempts == 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = DefaultRetryBackoff
	}
	if cfg.MaxRetryAfter <= 0 {
		cfg.MaxRetryAfter = DefaultMaxRetryAfter
	}
	if cfg.TimeScale < 0 {
		return cfg, fmt.Errorf("config: negative TimeScale %v", cfg.TimeScale)
	}
	if cfg.TimeScale == 0 {
		cfg.TimeScale = 1
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Grace <= 0 {
		cfg.Grace = DefaultGrace
	}
	if cfg.ProgressEvery <= 0 {
		cfg.ProgressEvery = 500 * time.Millisecond
	}
	if cfg.Window <= 0 {
		cfg.Window = DefaultWindow
	}
	if cfg.MaxDuration < 0 {
		return cfg, fmt.Errorf("config: negative MaxDuration %v", cfg.MaxDuration)
	}
	cfg.Revisit = cfg.Revisit.withDefaults()
	outlets := make([]Outlet, 0, len(cfg.Outlets)+1)
	if len(cfg.Seeds) > 0 {
		outlets = append(outlets, Outlet{Start: cfg.Seeds})
	}
	for _, o := range cfg.Outlets {
		name := o.Name
		if name == "" {
			name = "outlet " + fmt.Sprint(len(outlets)+1)
		}
		if len(o.Start)+len(o.Feeds)+len(o.Sitemaps) == 0 {
			return cfg, fmt.Errorf("config: %s: no start pages, feeds or sitemaps", name)
		}
		if o.MaxPages < 0 || o.HostParallel < 0 || o.Delay < 0 {
			return cfg, fmt.Errorf("config: %s: negative limit", name)
		}
		for _, p := range o.Include {
			re, err := regexp.Compile(p)
			if err != nil {
				return cfg, fmt.Errorf("config: %s: include %q: %w", name, p, err)
			}
			o.include = append(o.include, re)
		}
		for _, p := range o.Exclude {
			re, err := regexp.Compile(p)
			if err != nil {
				return cfg, fmt.Errorf("config: %s: exclude %q: %w", name, p, err)
			}
			o.exclude = append(o.exclude, re)
		}
		outlets = append(outlets, o)
	}
	for i := range outlets {
		o := &outlets[i]
		switch {
		case o.MaxDepth == 0:
			o.MaxDepth = cfg.MaxDepth
		case o.MaxDepth < 0:
			o.MaxDepth = 0
		}
		if o.Delay == 0 {
			o.Delay = cfg.Delay
		}
		if o.HostParallel == 0 {
			o.HostParallel = cfg.HostParallel
		}
	}
	cfg.Outlets = outlets
	return cfg, nil
}

// scaled applies the time scale to a wait the crawler chose or was asked for.
func (cfg *Config) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * cfg.TimeScale)
}
