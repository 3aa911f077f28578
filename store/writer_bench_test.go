package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/store"
)

// BenchmarkSaveFetchParallel stores new articles from eight goroutines,
// as a crawl's workers do: eager commits whatever is queued, lazy marks
// the writes with store.LazyCommit so that commits gather more pages.
// cpu-ms/op is the process's CPU time per article (lazy trades the
// writer's idle wait, which ns/op counts, for less work per article).
func BenchmarkSaveFetchParallel(b *testing.B) {
	for _, mode := range []string{"eager", "lazy"} {
		b.Run(mode, func(b *testing.B) {
			db := MustOpenDB(b)
			ctx := context.Background()
			if mode == "lazy" {
				ctx = store.LazyCommit(ctx)
			}
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			cpu := cpuTime()
			for range 8 {
				wg.Go(func() {
					for {
						i := next.Add(1)
						if i > int64(b.N) {
							return
						}
						a := benchArticle(int(i))
						if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(time.Duration(i)*time.Second)), a); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			if cpu >= 0 {
				b.ReportMetric(float64(cpuTime()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			}
			mustCheckFTS(b, db, "run")
		})
	}
}
