package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "crawl", summary: "crawl sites from seed URLs into the archive", run: runCrawl})
}

// crawlFlags are shared by crawl and demo so both take the same knobs.
type crawlFlags struct {
	db           string
	maxDepth     int
	maxPages     int
	parallel     int
	delay        time.Duration
	userAgent    string
	ignoreRobots bool
	allowPrivate bool
	timeout      time.Duration
	verbose      bool
}

func (f *crawlFlags) register(fs flagSet, withNet bool) {
	fs.StringVar(&f.db, "db", "news.db", "SQLite archive to write (created if missing)")
	fs.IntVar(&f.maxDepth, "max-depth", crawler.DefaultMaxDepth, "links to follow away from a seed (home → section → article is 2)")
	fs.IntVar(&f.maxPages, "max-pages", 0, "stop after fetching this many pages (0: no limit)")
	fs.IntVar(&f.parallel, "parallel", crawler.DefaultParallel, "requests in flight across all hosts")
	fs.BoolVar(&f.verbose, "v", false, "log every page to stderr")
	if !withNet {
		return
	}
	fs.DurationVar(&f.delay, "delay", crawler.DefaultDelay, "pause between requests to one host (robots.txt Crawl-delay wins if longer)")
	fs.StringVar(&f.userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent sent with every request; name a contact URL")
	fs.BoolVar(&f.ignoreRobots, "ignore-robots", false, "do not obey robots.txt (only for sites you own)")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow loopback and private addresses (for sites on your own network)")
	fs.DurationVar(&f.timeout, "timeout", crawler.DefaultTimeout, "time limit for one request")
}

// flagSet is the part of *flag.FlagSet the shared flags need.
type flagSet interface {
	StringVar(p *string, name, value, usage string)
	IntVar(p *int, name string, value int, usage string)
	BoolVar(p *bool, name string, value bool, usage string)
	DurationVar(p *time.Duration, name string, value time.Duration, usage string)
}

func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f crawlFlags
	fs := newFlags("crawl", "[flags] URL...", stderr)
	f.register(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no seed URL given")
	}
	if f.delay < 0 {
		return usagef("-delay must not be negative, got %v", f.delay)
	}
	cfg := crawler.Config{
		Seeds:        fs.Args(),
		MaxDepth:     f.maxDepth,
		MaxPages:     f.maxPages,
		Parallel:     f.parallel,
		Delay:        f.delay,
		NoDelay:      f.delay == 0,
		UserAgent:    f.userAgent,
		IgnoreRobots: f.ignoreRobots,
		AllowPrivate: f.allowPrivate,
		Timeout:      f.timeout,
	}
	sum, err := archive(ctx, f, cfg, stderr)
	if sum != nil {
		sum.print(stdout)
	}
	return err
}

// summary is what a crawl did, for the one summary line a cron job reads.
type summary struct {
	db       string
	stats    crawler.Stats
	total    int // articles in the archive after the run
	rejected int64
	status   string
}

func (s *summary) print(w io.Writer) {
	st := s.stats
	fmt.Fprintf(w, "%s: %d pages fetched, %d articles stored (%d in archive), %d index pages, %d errors, %d disallowed by robots.txt, %s elapsed\n",
		s.status, st.PagesFetched, st.Articles-int(s.rejected), s.total, st.IndexPages, st.Errors+int(s.rejected), st.Disallowed, st.Elapsed.Round(time.Millisecond))
}

// archive runs one crawl into the database, recording it as a crawl run.
func archive(ctx context.Context, f crawlFlags, cfg crawler.Config, stderr io.Writer) (*summary, error) {
	level := slog.LevelWarn
	if f.verbose {
		level = slog.LevelDebug
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	db, err := store.Open(ctx, f.db)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	runID, err := db.StartRun(ctx, cfg.Seeds, time.Now())
	if err != nil {
		return nil, err
	}
	sink := &storeSink{db: db, runID: runID}
	stats, crawlErr := crawler.Run(ctx, cfg, sink)

	status := store.RunDone
	switch {
	case crawlErr == nil:
	case errors.Is(crawlErr, context.Canceled), errors.Is(crawlErr, context.DeadlineExceeded):
		status = store.RunInterrupted
	default:
		status = store.RunFailed
	}
	// The run record must be written even when ctx was cancelled.
	fin := context.WithoutCancel(ctx)
	rs := store.RunStats{PagesFetched: stats.PagesFetched, ArticlesStored: stats.Articles - int(sink.rejected.Load()),
		IndexPages: stats.IndexPages, Errors: stats.Errors + int(sink.rejected.Load())}
	if err := db.FinishRun(fin, runID, rs, status, time.Now()); err != nil && crawlErr == nil {
		crawlErr = err
	}
	total, err := db.CountArticles(fin)
	if err != nil && crawlErr == nil {
		crawlErr = err
	}
	sum := &summary{db: f.db, stats: stats, total: total, rejected: sink.rejected.Load(), status: status}
	if crawlErr != nil {
		return sum, fmt.Errorf("crawl: %w", crawlErr)
	}
	return sum, nil
}
