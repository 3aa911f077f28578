package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

// storeSink adapts the archive to the crawler's Sink: the crawler never
// imports store, and store knows nothing of colly.
type storeSink struct {
	db       *store.DB
	runID    int64
	rejected atomic.Int64 // articles the store refused as invalid
}

var _ crawler.Sink = (*storeSink)(nil)

func (s *storeSink) Save(ctx context.Context, r *crawler.Result) error {
	f := store.Fetch{
		RunID:       s.runID,
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
	_, err := s.db.SaveFetch(ctx, f, a)
	if a != nil && errors.Is(err, store.ErrInvalid) {
		// A bad page is logged with the reason, never stored half-right,
		// and never stops the crawl.
		s.rejected.Add(1)
		f.Err = err.Error()
		_, err = s.db.SaveFetch(ctx, f, nil)
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", r.URL, err)
	}
	return nil
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

// storeFrontier keeps the crawler's frontier in the archive, so a crawl
// killed at any moment resumes where it stopped and a nightly run knows
// what earlier runs fetched. Visits of fetched pages are committed by
// storeSink with the fetch; Settle writes only the others.
type storeFrontier struct {
	db    *store.DB
	runID int64
	start time.Time
	all   bool
}

var _ crawler.Frontier = (*storeFrontier)(nil)

func (f *storeFrontier) Begin(_ context.Context, now time.Time, all bool) error {
	f.start, f.all = now, all
	return nil
}

func (f *storeFrontier) Add(ctx context.Context, es []crawler.Entry) (int, error) {
	out := make([]store.FrontierEntry, len(es))
	for i, e := range es {
		out[i] = store.FrontierEntry{URL: e.URL, Host: e.Host, Resource: string(e.Resource), Depth: e.Depth, PublishedAt: e.PublishedAt}
	}
	return f.db.FrontierAdd(ctx, out, time.Now())
}

func (f *storeFrontier) Claim(ctx context.Context, e crawler.Entry) (bool, error) {
	return f.db.FrontierClaim(ctx, store.FrontierEntry{URL: e.URL, Host: e.Host, Resource: string(e.Resource), Depth: e.Depth}, f.runID, time.Now())
}

func (f *storeFrontier) Next(ctx context.Context, perHost int, skip []string) ([]crawler.Entry, error) {
	es, err := f.db.FrontierNext(ctx, f.runID, f.start, f.all, perHost, skip)
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

func (f *storeFrontier) Settle(ctx context.Context, v crawler.Visit, saved bool) error {
	if saved {
		return nil // committed by storeSink with the fetch
	}
	return f.db.FrontierSettle(ctx, *storeVisit(&v))
}
