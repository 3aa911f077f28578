// Package archiving connects the crawler to the archive: a crawler.Sink
// and a crawler.Frontier backed by the store. The crawler never imports
// store and the store knows nothing of colly; this is the one adapter, used
// by newsarchive crawl and by crawlbench so the benchmark measures the
// product's own path.
package archiving

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
	"github.com/newsarchive/newsarchive/store/warc"
)

// Sink adapts the archive to the crawler's Sink.
type Sink struct {
	DB       *store.DB
	RunID    int64
	WARC     *warc.Writer // nil: raw pages are not archived (--no-warc)
	rejected atomic.Int64 // articles the store refused as invalid
	records  atomic.Int64 // WARC response records written
	revisits atomic.Int64 // WARC revisit records written
}

var _ crawler.Sink = (*Sink)(nil)

// Rejected counts articles the store refused as invalid (logged as fetch errors).
func (s *Sink) Rejected() int64 { return s.rejected.Load() }

// Records and Revisits count the WARC response and revisit records written.
func (s *Sink) Records() int64  { return s.records.Load() }
func (s *Sink) Revisits() int64 { return s.revisits.Load() }

func (s *Sink) Save(ctx context.Context, r *crawler.Result) error {
	f := store.Fetch{
		RunID:       s.RunID,
		URL:         r.URL,
		FinalURL:    r.FinalURL,
		Status:      r.Status,
		ContentType: r.ContentType,
		Bytes:       r.Bytes,
		FetchedAt:   r.FetchedAt,
		Duration:    r.Duration,
		Truncated:   r.Truncated,
		// The frontier's done mark commits with the fetch and article.
		Frontier: storeVisit(r.Visit),
	}
	if r.Err != nil {
		f.Err = r.Err.Error()
	}
	// The raw exchange goes to the WARC file, flushed to disk, before the
	// row that points to it commits: a crash between the two leaves an
	// unreferenced record, never a pointer to nothing. The store's writer
	// syncs the file once per commit (store.SyncFirst), while the commit's
	// statements run.
	if s.WARC != nil && r.Status > 0 && r.Header != nil {
		ref, err := s.archiveRaw(ctx, r)
		if err != nil {
			return fmt.Errorf("save %s: %w", r.URL, err)
		}
		f.WARC = ref
		ctx = store.SyncFirst(ctx, s.WARC)
	}
	var a *extract.Article
	switch {
	case r.Article != nil:
		f.Kind = string(r.Article.Kind)
		// A page cut at the size cap is logged and its links followed,
		// but never archived as if it were the whole article.
		if r.Article.Kind == extract.KindArticle && r.Err == nil && !r.Truncated {
			a = r.Article
		}
	case r.NotModified && r.Visit != nil:
		f.Kind = r.Visit.PageKind // unchanged since the last fetch
	case r.Resource != crawler.ResourcePage:
		f.Kind = string(r.Resource)
	case r.Err == nil:
		f.Kind = string(extract.KindOther) // fetched, but not HTML
	}
	// A crawl's pages share commits: see store.LazyCommit.
	ctx = store.LazyCommit(ctx)
	_, err := s.DB.SaveFetch(ctx, f, a)
	if a != nil && errors.Is(err, store.ErrInvalid) {
		// A bad page is logged with the reason, never stored half-right,
		// and never stops the crawl.
		s.rejected.Add(1)
		f.Err = err.Error()
		_, err = s.DB.SaveFetch(ctx, f, nil)
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", r.URL, err)
	}
	return nil
}

// archiveRaw writes r's request and response to the WARC file, as a
// revisit record when the payload is the same as the URL's last capture
// (or the server answered 304).
func (s *Sink) archiveRaw(ctx context.Context, r *crawler.Result) (*store.WARCRef, error) {
	var prev *warc.Previous
	var prevID int64
	last, err := s.DB.LastCapture(ctx, r.URL)
	if errors.Is(err, store.ErrNotFound) && r.Article != nil && r.Article.Kind == extract.KindArticle && r.Article.CanonicalURL != "" {
		// Not fetched under this URL before: the same article under
		// another URL (a moved site, the demo's new port) may still be
		// the same payload.
		var id int64
		if id, err = s.DB.ArticleIDByURL(ctx, r.Article.CanonicalURL); err == nil {
			last, err = s.DB.LatestArticleCapture(ctx, id)
		}
	}
	switch {
	case err == nil:
		prev = &warc.Previous{RecordID: last.RecordID, URL: last.URL, Date: last.FetchedAt, PayloadDigest: last.PayloadDigest}
		prevID = last.FetchID
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	w, err := s.WARC.Append(&warc.Capture{
		URL: r.FinalURL, Date: r.FetchedAt,
		RequestHeader: r.RequestHeader, Status: r.Status, ResponseHeader: r.Header,
		Body: r.Body, Truncated: r.Truncated,
	}, prev)
	if err != nil {
		return nil, err
	}
	ref := &store.WARCRef{File: w.File, Offset: w.Offset, Length: w.Length, RecordID: w.RecordID, PayloadDigest: w.PayloadDigest}
	if w.Revisit {
		ref.RevisitOf = prevID
		s.revisits.Add(1)
	} else {
		s.records.Add(1)
	}
	return ref, nil
}

func storeVisit(v *crawler.Visit) *store.FrontierVisit {
	if v == nil {
		return nil
	}
	state := store.FrontierDone
	switch v.State {
	case crawler.VisitRetry:
		state = store.FrontierQueued
	case crawler.VisitFailed:
		state = store.FrontierFailed
	}
	return &store.FrontierVisit{
		URL: v.URL, Also: v.Also, State: state,
		ETag: v.ETag, LastModified: v.LastModified, PageKind: v.PageKind,
		PublishedAt: v.PublishedAt, FetchedAt: v.FetchedAt, RevisitAt: v.RevisitAt,
		Attempts: v.Attempts, Err: v.Err, NotModified: v.NotModified,
	}
}

// Frontier keeps the crawler's frontier in the archive, so a crawl
// killed at any moment resumes where it stopped and a nightly run knows
// what earlier runs fetched. Visits of fetched pages are committed by
// Sink with the fetch; Settle writes only the others.
type Frontier struct {
	DB    *store.DB
	RunID int64
	start time.Time
	all   bool
}

var _ crawler.Frontier = (*Frontier)(nil)

func (f *Frontier) Begin(_ context.Context, now time.Time, all bool) error {
	f.start, f.all = now, all
	return nil
}

func (f *Frontier) Add(ctx context.Context, es []crawler.Entry) (int, error) {
	d, _ := crawler.DiscoveryFrom(ctx) // how the crawler found them
	out := make([]store.FrontierEntry, len(es))
	for i, e := range es {
		out[i] = store.FrontierEntry{URL: e.URL, Host: e.Host, Resource: string(e.Resource), Depth: e.Depth, PublishedAt: e.PublishedAt,
			DiscoveredVia: d.Via, Referrer: d.From}
	}
	// Called once the page's request is over: it may share a commit.
	return f.DB.FrontierAdd(store.LazyCommit(ctx), out, time.Now())
}

func (f *Frontier) Claim(ctx context.Context, e crawler.Entry) (bool, error) {
	return f.DB.FrontierClaim(ctx, store.FrontierEntry{URL: e.URL, Host: e.Host, Resource: string(e.Resource), Depth: e.Depth}, f.RunID, time.Now())
}

func (f *Frontier) Next(ctx context.Context, perHost int, skip []string) ([]crawler.Entry, error) {
	es, err := f.DB.FrontierNext(ctx, f.RunID, f.start, f.all, perHost, skip)
	if err != nil {
		return nil, err
	}
	out := make([]crawler.Entry, len(es))
	for i, e := range es {
		out[i] = crawler.Entry{
			URL: e.URL, Host: e.Host, Depth: e.Depth, Resource: crawler.Resource(e.Resource),
			PublishedAt: e.PublishedAt, ETag: e.ETag, LastModified: e.LastModified,
			PageKind: e.PageKind, FetchedAt: e.FetchedAt, AddedAt: e.AddedAt,
		}
	}
	return out, nil
}

func (f *Frontier) Settle(ctx context.Context, v crawler.Visit, saved bool) error {
	if saved {
		return nil // committed by Sink with the fetch
	}
	return f.DB.FrontierSettle(ctx, *storeVisit(&v))
}
