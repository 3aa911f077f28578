package crawler

import (
	"errors"
	"fmt"
	"log/slog"
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
)

// Config says what to crawl and how politely. Its zero value, plus Seeds,
// is a valid polite configuration.
type Config struct {
	// Seeds are absolute http(s) URLs. Their origins (scheme, host, port)
	// are the crawl's scope: links and redirects elsewhere are not followed.
	Seeds []string
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
}

// withDefaults validates cfg and fills in its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if len(cfg.Seeds) == 0 {
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
	return cfg, nil
}
