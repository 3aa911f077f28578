package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/newsarchive/newsarchive/cmd/internal/archiving"
	"github.com/newsarchive/newsarchive/cmd/internal/childproc"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/store"
	"github.com/newsarchive/newsarchive/store/warc"
)

// childEnv names the environment variable that makes the binary (or the
// test binary, see TestMain) a child crawl instead of the benchmark. Its
// value is the JSON of a childJob.
const childEnv = "CRAWLBENCH_CHILD"

// childJob is what the parent asks one child process to crawl.
type childJob struct {
	Mode     string `json:"mode"` // modeOurs or modeBaseline
	Seed     string `json:"seed"`
	DB       string `json:"db"` // archive path (modeOurs)
	Parallel int    `json:"parallel"`
	// Term is a word that occurs in one article only, for the FTS query.
	Term string `json:"term"`
	// Profile, when set, is a file to write a CPU profile of the crawl to.
	Profile string `json:"profile,omitempty"`
}

// childReport is what a child prints on stdout, as one JSON object.
type childReport struct {
	Fetched     int     `json:"fetched"` // pages the crawler says it fetched
	Articles    int     `json:"articles"`
	Errors      int     `json:"errors"`
	Seconds     float64 `json:"seconds"`      // crawl wall time, start to archive closed
	ArchiveMB   float64 `json:"archive_mb"`   // SQLite file after a WAL checkpoint
	StoredRows  int     `json:"stored_rows"`  // articles in the archive
	FTSQueryMs  float64 `json:"fts_query_ms"` // a one-article phrase query, -1 when unavailable
	FTSMatches  int     `json:"fts_matches"`
	Error       string  `json:"error,omitempty"`
	GoMaxProcs  int     `json:"gomaxprocs"`
	HeapAllocMB float64 `json:"heap_alloc_mb"`
}

// Crawl modes.
const (
	modeOurs     = "newsarchive"        // the product's path, raw pages in WARC
	modeNoWARC   = "newsarchive-nowarc" // the same with --no-warc
	modeBaseline = "colly+goquery"
)

// runChild runs the job in os.Getenv(childEnv) and prints its report.
func runChild(stdout io.Writer) int {
	var job childJob
	if err := json.Unmarshal([]byte(os.Getenv(childEnv)), &job); err != nil {
		fmt.Fprintf(os.Stderr, "crawlbench child: bad job: %v\n", err)
		return 2
	}
	ctx := context.Background()
	if job.Profile != "" {
		f, err := os.Create(job.Profile)
		if err != nil {
			fmt.Fprintf(os.Stderr, "crawlbench child: %v\n", err)
			return 1
		}
		pprof.StartCPUProfile(f)
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	var rep childReport
	var err error
	switch job.Mode {
	case modeOurs, modeNoWARC:
		rep, err = crawlOurs(ctx, job, job.Mode == modeOurs)
	case modeBaseline:
		rep, err = crawlBaseline(job)
	default:
		err = fmt.Errorf("unknown mode %q", job.Mode)
	}
	if err != nil {
		rep.Error = err.Error()
	}
	json.NewEncoder(stdout).Encode(rep)
	if err != nil {
		return 1
	}
	return 0 // the deferred profile stop runs before the caller exits
}

// crawlOurs is the newsarchive crawl path: crawler.Run handing every fetch
// to the archive through the same adapter as newsarchive crawl, with
// politeness delays off and loopback allowed for this one host.
func crawlOurs(ctx context.Context, job childJob, withWARC bool) (childReport, error) {
	var rep childReport
	start := time.Now()
	db, err := store.Open(ctx, job.DB)
	if err != nil {
		return rep, err
	}
	defer db.Close()
	seeds := []string{job.Seed}
	runID, err := db.StartRun(ctx, seeds, time.Now())
	if err != nil {
		return rep, err
	}
	// The product's adapter and persistent frontier, as newsarchive crawl
	// wires them; only politeness is off (our own loopback server).
	sink := &archiving.Sink{DB: db, RunID: runID}
	archiving.TuneGC() // as newsarchive crawl does
	if withWARC {
		w, err := warc.NewWriter(store.WARCDir(job.DB), filepath.Dir(job.DB), warc.Options{Software: "crawlbench"})
		if err != nil {
			return rep, err
		}
		sink.WARC = w
	}
	cfg := crawler.Config{
		Frontier:     &archiving.Frontier{DB: db, RunID: runID},
		Seeds:        seeds,
		MaxDepth:     8,
		Parallel:     job.Parallel,
		HostParallel: job.Parallel,
		NoDelay:      true,
		AllowPrivate: true,
	}
	stats, crawlErr := crawler.Run(ctx, cfg, sink)
	status := store.RunDone
	if crawlErr != nil {
		status = store.RunFailed
	}
	rs := store.RunStats{PagesFetched: stats.PagesFetched, ArticlesStored: stats.Articles - int(sink.Rejected()),
		IndexPages: stats.IndexPages, Errors: stats.Errors + int(sink.Rejected())}
	if err := db.FinishRun(ctx, runID, rs, status, time.Now()); err != nil && crawlErr == nil {
		crawlErr = err
	}
	if sink.WARC != nil {
		if err := sink.WARC.Close(); err != nil && crawlErr == nil {
			crawlErr = err
		}
	}
	if err := db.Close(); err != nil && crawlErr == nil {
		crawlErr = err
	}
	rep.Seconds = time.Since(start).Seconds()
	rep.Fetched, rep.Articles, rep.Errors = stats.PagesFetched, stats.Articles, stats.Errors+int(sink.Rejected())
	rep.HeapAllocMB = childproc.HeapMB()
	if crawlErr != nil {
		return rep, crawlErr
	}
	// After the timed crawl: archive size and one full-text query, on a
	// fresh connection as an analyst would open the file.
	db2, err := store.Open(ctx, job.DB)
	if err != nil {
		return rep, err
	}
	defer db2.Close()
	sqlDB := db2.SQL()
	sqlDB.QueryRowContext(ctx, "SELECT count(*) FROM articles").Scan(&rep.StoredRows)
	sqlDB.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	if fi, err := os.Stat(job.DB); err == nil {
		rep.ArchiveMB = float64(fi.Size()) / 1e6
	}
	rep.FTSQueryMs = -1
	if job.Term != "" {
		q := job.Term
		best := time.Duration(-1)
		for range 5 {
			t := time.Now()
			err := sqlDB.QueryRowContext(ctx, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", q).Scan(&rep.FTSMatches)
			if err != nil {
				best = -1
				break
			}
			if d := time.Since(t); best < 0 || d < best {
				best = d
			}
		}
		if best >= 0 {
			rep.FTSQueryMs = float64(best.Microseconds()) / 1000
		}
	}
	return rep, nil
}

// crawlBaseline is the floor a crawler can hope for: colly fetching with
// Parallel requests in flight and goquery parsing every page to follow its
// links, nothing extracted or stored. Its seen set checks and marks in one
// step, so it fetches each URL once like ours; colly's own visited check
// would fetch some twice (see DESIGN.md).
func crawlBaseline(job childJob) (childReport, error) {
	var rep childReport
	seed, err := url.Parse(job.Seed)
	if err != nil {
		return rep, err
	}
	c := colly.NewCollector(colly.Async(true))
	c.IgnoreRobotsTxt = true
	// colly's default transport keeps 2 idle connections per host; give
	// the baseline as many as it has requests in flight, as ours has.
	c.WithTransport(&http.Transport{MaxIdleConns: 100, MaxIdleConnsPerHost: job.Parallel, IdleConnTimeout: 90 * time.Second})
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: job.Parallel}); err != nil {
		return rep, err
	}
	var (
		mu       sync.Mutex
		seen     = map[string]bool{}
		fetched  int
		htmlSeen int
		errs     int
	)
	claim := func(u string) bool {
		mu.Lock()
		defer mu.Unlock()
		if seen[u] {
			return false
		}
		seen[u] = true
		return true
	}
	c.OnResponse(func(r *colly.Response) {
		mu.Lock()
		fetched++
		mu.Unlock()
	})
	c.OnError(func(r *colly.Response, err error) {
		mu.Lock()
		errs++
		mu.Unlock()
	})
	c.OnHTML("html", func(e *colly.HTMLElement) {
		mu.Lock()
		htmlSeen++
		mu.Unlock()
	})
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		u, err := url.Parse(e.Request.AbsoluteURL(e.Attr("href")))
		if err != nil || u.Host != seed.Host {
			return
		}
		u.Fragment = ""
		if s := u.String(); claim(s) {
			e.Request.Visit(s)
		}
	})
	start := time.Now()
	claim(seed.String())
	if err := c.Visit(seed.String()); err != nil {
		return rep, err
	}
	c.Wait()
	rep.Seconds = time.Since(start).Seconds()
	rep.Fetched, rep.Errors, rep.Articles = fetched, errs, htmlSeen
	rep.FTSQueryMs = -1
	rep.HeapAllocMB = childproc.HeapMB()
	return rep, nil
}

// rareTerm returns a word found in one article of site only.
func rareTerm(site *crawltest.GenSite) string {
	return crawltest.GenArticleCode(site.Articles() / 2)
}

func archivePath(dir, mode string, articles int) string {
	return filepath.Join(dir, fmt.Sprintf("crawl-%s-%d.db", strings.NewReplacer("+", "_", "-", "_").Replace(mode), articles))
}

// removeArchive deletes an archive and everything beside it (WAL, lock,
// raw pages), so each crawl starts from nothing.
func removeArchive(db string) {
	for _, p := range []string{db, db + "-wal", db + "-shm", db + ".lock"} {
		os.Remove(p)
	}
	os.RemoveAll(store.WARCDir(db))
}

// Failure is the child's own error, for childproc.Run.
func (r childReport) Failure() string { return r.Error }
