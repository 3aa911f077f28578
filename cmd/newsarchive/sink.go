package main

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

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
	}
	if r.Err != nil {
		f.Err = r.Err.Error()
	}
	var a *extract.Article
	if r.Article == nil && r.Err == nil {
		f.Kind = string(extract.KindOther) // fetched, but not HTML (a feed, say)
	}
	if r.Article != nil {
		f.Kind = string(r.Article.Kind)
		if r.Article.Kind == extract.KindArticle && r.Err == nil {
			a = r.Article
		}
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
