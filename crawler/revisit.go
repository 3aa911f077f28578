package crawler

import (
	"net/http"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/extract"
)

// RevisitPolicy decides when a fetched URL is due again, so that a nightly
// run re-fetches what may have changed and nothing else.
//
// Feeds, sitemaps, start pages and index pages are due on every run, and
// are re-fetched with a conditional GET (If-None-Match / If-Modified-Since),
// so an unchanged one costs a 304 and no parse. Articles are due on every
// run while younger than Fresh, every RecentEvery while younger than
// Recent, and never after that unless All is set. An article's age runs
// from its own publication date, else the feed or sitemap date, else its
// first fetch. Other pages are due every RecentEvery. Pages refused for
// good (4xx, robots.txt) are due again after RecentEvery too.
type RevisitPolicy struct {
	Fresh       time.Duration // default 48h
	Recent      time.Duration // default 14 days
	RecentEvery time.Duration // default 7 days
	// All makes every known URL due on this run (a full re-crawl).
	All bool
}

func (p RevisitPolicy) withDefaults() RevisitPolicy {
	if p.Fresh <= 0 {
		p.Fresh = 48 * time.Hour
	}
	if p.Recent <= 0 {
		p.Recent = 14 * 24 * time.Hour
	}
	if p.RecentEvery <= 0 {
		p.RecentEvery = 7 * 24 * time.Hour
	}
	return p
}

// next returns when a URL fetched at now is due again (zero: never).
// every is true for resources re-read on each run.
func (p RevisitPolicy) next(now time.Time, every bool, pageKind string, published time.Time, firstSeen time.Time) time.Time {
	if every {
		return now
	}
	switch extract.Kind(pageKind) {
	case extract.KindIndex:
		return now
	case extract.KindArticle:
		born := published
		if born.IsZero() {
			born = firstSeen
		}
		if born.IsZero() {
			born = now
		}
		switch age := now.Sub(born); {
		case age < p.Fresh:
			return now
		case age < p.Recent:
			return now.Add(p.RecentEvery)
		}
		return time.Time{}
	}
	return now.Add(p.RecentEvery)
}

// parseDate reads the dates an article or a feed states: RFC 3339, a bare
// day, or an HTTP date. Zero when unreadable.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	if t, err := http.ParseTime(s); err == nil {
		return t
	}
	return time.Time{}
}
