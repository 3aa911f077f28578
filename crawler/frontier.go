package crawler

import (
	"context"
	"sync"
	"time"
)

// Resource says how a queued URL is read once fetched.
type Resource string

const (
	ResourcePage    Resource = "page"    // HTML: extracted, links followed
	ResourceFeed    Resource = "feed"    // RSS, Atom or JSON feed: item links queued
	ResourceSitemap Resource = "sitemap" // sitemap or sitemap index, maybe gzipped
)

// Entry is one URL in the frontier, with what earlier runs learnt of it.
type Entry struct {
	URL      string // normalised
	Host     string // politeness key: host name without port
	Depth    int    // links from the nearest seed, feed or sitemap
	Resource Resource
	// PublishedAt is a hint from a feed or a news sitemap, zero if unknown;
	// the revisit policy falls back on it when the page states no date.
	PublishedAt time.Time

	// Filled by the frontier from earlier fetches; zero for a new URL.
	ETag         string    // validator for If-None-Match
	LastModified string    // validator for If-Modified-Since
	PageKind     string    // extract.Kind of the last successful fetch
	FetchedAt    time.Time // last successful fetch
	AddedAt      time.Time // when the URL entered the frontier
}

// VisitState is what a fetch did to a frontier entry.
type VisitState string

const (
	// VisitDone: fetched (or refused for good); due again at RevisitAt.
	VisitDone VisitState = "done"
	// VisitRetry: a transient failure this run will retry; the entry stays
	// queued, so a crawl killed while waiting fetches it next time.
	VisitRetry VisitState = "retry"
	// VisitFailed: transient failures used up the attempts; the next run
	// tries again.
	VisitFailed VisitState = "failed"
)

// Visit is the frontier update for one fetch. The crawler hands it to the
// Sink inside [Result.Visit] so that an archive commits it in the same
// transaction as the fetch and its article: after a kill, a page is either
// archived and done, or neither.
type Visit struct {
	URL   string
	State VisitState
	// Also lists further URLs the fetch settles (redirect targets reached
	// on the way), marked like URL.
	Also []string
	// Validators and kind of the response, kept for the next conditional
	// request and for the revisit policy. A 304 keeps the old ones.
	ETag         string
	LastModified string
	PageKind     string
	PublishedAt  time.Time // the page's own date when known
	FetchedAt    time.Time
	// RevisitAt is when the URL is due again; zero means never (an old
	// article, unless the crawl asks to revisit everything).
	RevisitAt time.Time
	Attempts  int    // failed attempts in a row, 0 after a success
	Err       string // last error, "" on success
	// NotModified: the server answered 304, the page is as last fetched.
	NotModified bool
}

// Frontier is the crawl's queue and seen set. [Run] uses it from its
// dispatch loop and its workers at once, so implementations must be safe
// for concurrent use. [NewMemoryFrontier] keeps it in memory for one
// process; the archive keeps it in SQLite (cmd/newsarchive) so a crawl
// resumes after a kill and nightly runs know what they fetched before.
type Frontier interface {
	// Begin starts a run at now: entries queued, and entries whose
	// RevisitAt is not after now (all known entries when all is set),
	// become available to Next once each.
	Begin(ctx context.Context, now time.Time, all bool) error
	// Add records entries whose URL is new and reports how many were;
	// known URLs are left as they are.
	Add(ctx context.Context, es []Entry) (int, error)
	// Claim records e as taken by this run without queueing it (a
	// redirect target fetched on the spot). It reports false when the URL
	// was known already.
	Claim(ctx context.Context, e Entry) (bool, error)
	// Next returns up to perHost available entries for each host not in
	// skip, oldest first, and marks them taken by this run.
	Next(ctx context.Context, perHost int, skip []string) ([]Entry, error)
	// Settle records a visit. saved says Sink.Save has already received
	// the visit in Result.Visit: a frontier stored with the archive
	// committed it there and has nothing left to do.
	Settle(ctx context.Context, v Visit, saved bool) error
}

// MemoryFrontier is a [Frontier] in memory: the default for [Run] without
// Config.Frontier, and for tests. It remembers everything until dropped,
// so a MemoryFrontier reused across runs behaves like the archive's.
type MemoryFrontier struct {
	mu      sync.Mutex
	entries map[string]*memEntry
	order   []*memEntry // insertion order
	run     int
	start   time.Time
	all     bool
}

type memEntry struct {
	Entry
	state     VisitState // "" queued
	revisitAt time.Time
	claim     int
}

var _ Frontier = (*MemoryFrontier)(nil)

// NewMemoryFrontier returns an empty frontier.
func NewMemoryFrontier() *MemoryFrontier {
	return &MemoryFrontier{entries: map[string]*memEntry{}}
}

func (m *MemoryFrontier) Begin(_ context.Context, now time.Time, all bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.run++
	m.start, m.all = now, all
	return nil
}

func (m *MemoryFrontier) Add(_ context.Context, es []Entry) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, e := range es {
		if _, ok := m.entries[e.URL]; ok {
			continue
		}
		me := &memEntry{Entry: e}
		if me.AddedAt.IsZero() {
			me.AddedAt = m.start
		}
		m.entries[e.URL] = me
		m.order = append(m.order, me)
		n++
	}
	return n, nil
}

func (m *MemoryFrontier) Claim(_ context.Context, e Entry) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[e.URL]; ok {
		return false, nil
	}
	me := &memEntry{Entry: e, claim: m.run}
	m.entries[e.URL] = me
	m.order = append(m.order, me)
	return true, nil
}

func (m *MemoryFrontier) available(e *memEntry) bool {
	if e.claim == m.run {
		return false
	}
	if e.state == "" || e.state == VisitRetry || m.all {
		return true
	}
	return !e.revisitAt.IsZero() && !e.revisitAt.After(m.start)
}

func (m *MemoryFrontier) Next(_ context.Context, perHost int, skip []string) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	skipped := map[string]bool{}
	for _, h := range skip {
		skipped[h] = true
	}
	taken := map[string]int{}
	var out []Entry
	for _, e := range m.order {
		if skipped[e.Host] || taken[e.Host] >= perHost || !m.available(e) {
			continue
		}
		taken[e.Host]++
		e.claim = m.run
		out = append(out, e.Entry)
	}
	return out, nil
}

func (m *MemoryFrontier) Settle(_ context.Context, v Visit, _ bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range append([]string{v.URL}, v.Also...) {
		e := m.entries[u]
		if e == nil {
			continue
		}
		e.state = v.State
		if v.State == VisitRetry {
			continue
		}
		e.revisitAt = v.RevisitAt
		if v.State == VisitDone && v.Err == "" {
			if v.ETag != "" || v.LastModified != "" {
				e.ETag, e.LastModified = v.ETag, v.LastModified
			}
			if v.PageKind != "" {
				e.PageKind = v.PageKind
			}
			if !v.PublishedAt.IsZero() {
				e.PublishedAt = v.PublishedAt
			}
			e.FetchedAt = v.FetchedAt
		}
	}
	return nil
}

// Len returns the number of URLs known.
func (m *MemoryFrontier) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries)
}
