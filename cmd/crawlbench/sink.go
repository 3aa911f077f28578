package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

// storeSink hands crawl results to the archive exactly as newsarchive
// crawl's adapter does (cmd/newsarchive/sink.go, which a package main
// cannot export): every fetch logged, articles stored with it, pages the
// store refuses logged with the reason. Keep the two in step.
type storeSink struct {
	db       *store.DB
	runID    int64
	rejected atomic.Int64
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
		f.Kind = string(extract.KindOther)
	}
	if r.Article != nil {
		f.Kind = string(r.Article.Kind)
		if r.Article.Kind == extract.KindArticle && r.Err == nil {
			a = r.Article
		}
	}
	_, err := s.db.SaveFetch(ctx, f, a)
	if a != nil && errors.Is(err, store.ErrInvalid) {
		s.rejected.Add(1)
		f.Err = err.Error()
		_, err = s.db.SaveFetch(ctx, f, nil)
	}
	if err != nil {
		return fmt.Errorf("save %s: %w", r.URL, err)
	}
	return nil
}

func heapMB() float64 {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / 1e6
}
