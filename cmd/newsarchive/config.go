package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/newsarchive/newsarchive/crawler"
)

// fileConfig is the outlets file of `newsarchive crawl --config FILE`, in
// TOML. Crawl-wide keys come first; flags given on the command line win
// over them. Each [[outlet]] table is one site. Unknown keys are errors,
// so a typo never silently changes a nightly crawl.
//
//	user_agent   = "newsarchive/0.1 (+https://example.org/contact)"
//	delay        = "1s"
//	parallel     = 8
//	max_duration = "3h"
//
//	[[outlet]]
//	name     = "London Daily"
//	start    = ["https://londondaily.example/", "https://londondaily.example/world/"]
//	feeds    = ["https://feeds.londondaily.example/all.xml"]
//	sitemaps = ["https://londondaily.example/news-sitemap.xml"]
//	hosts    = ["londondaily.example", "www.londondaily.example"]
//	include  = ['^https://londondaily\.example/(world|uk)/']
//	exclude  = ['/live/', '[?&]page=\d{3,}']
//	max_depth = 3
//	max_pages = 2000
//	delay     = "2s"
//	host_parallel = 1
type fileConfig struct {
	UserAgent    string       `toml:"user_agent"`
	Delay        *duration    `toml:"delay"`
	Parallel     int          `toml:"parallel"`
	MaxDepth     int          `toml:"max_depth"`
	MaxPages     int          `toml:"max_pages"`
	Timeout      *duration    `toml:"timeout"`
	MaxDuration  *duration    `toml:"max_duration"`
	MaxAttempts  int          `toml:"max_attempts"`
	AllowPrivate bool         `toml:"allow_private"`
	IgnoreRobots bool         `toml:"ignore_robots"`
	Outlets      []fileOutlet `toml:"outlet"`
}

type fileOutlet struct {
	Name         string    `toml:"name"`
	Start        []string  `toml:"start"`
	Feeds        []string  `toml:"feeds"`
	Sitemaps     []string  `toml:"sitemaps"`
	Hosts        []string  `toml:"hosts"`
	Include      []string  `toml:"include"`
	Exclude      []string  `toml:"exclude"`
	MaxDepth     int       `toml:"max_depth"`
	MaxPages     int       `toml:"max_pages"`
	Delay        *duration `toml:"delay"`
	HostParallel int       `toml:"host_parallel"`
}

// duration reads "1.5s", "2m", "3h" (Go duration syntax).
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("negative duration %s", b)
	}
	d.Duration = v
	return nil
}

// loadConfig reads and checks an outlets file.
func loadConfig(path string) (*fileConfig, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	var fc fileConfig
	md, err := toml.Decode(string(b), &fc)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		keys := make([]string, len(und))
		for i, k := range und {
			keys[i] = k.String()
		}
		return nil, fmt.Errorf("config %s: unknown keys: %s", path, strings.Join(keys, ", "))
	}
	if len(fc.Outlets) == 0 {
		return nil, fmt.Errorf("config %s: no [[outlet]]", path)
	}
	for i, o := range fc.Outlets {
		name := o.Name
		if name == "" {
			name = fmt.Sprintf("outlet %d", i+1)
		}
		if len(o.Start)+len(o.Feeds)+len(o.Sitemaps) == 0 {
			return nil, fmt.Errorf("config %s: %s: no start, feeds or sitemaps", path, name)
		}
		if o.MaxPages < 0 || o.HostParallel < 0 {
			return nil, fmt.Errorf("config %s: %s: negative limit", path, name)
		}
	}
	if fc.Parallel < 0 || fc.MaxPages < 0 || fc.MaxAttempts < 0 {
		return nil, errors.New("config: negative limit")
	}
	return &fc, nil
}

// outlets converts the file's outlets for the crawler.
func (fc *fileConfig) outlets() []crawler.Outlet {
	out := make([]crawler.Outlet, len(fc.Outlets))
	for i, o := range fc.Outlets {
		out[i] = crawler.Outlet{
			Name: o.Name, Start: o.Start, Feeds: o.Feeds, Sitemaps: o.Sitemaps,
			Hosts: o.Hosts, Include: o.Include, Exclude: o.Exclude,
			MaxDepth: o.MaxDepth, MaxPages: o.MaxPages, HostParallel: o.HostParallel,
		}
		if o.Delay != nil {
			out[i].Delay = o.Delay.Duration
		}
	}
	return out
}
