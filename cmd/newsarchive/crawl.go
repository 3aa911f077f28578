package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/cmd/internal/archiving"
	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/store"
	"github.com/newsarchive/newsarchive/store/warc"
)

func init() {
	register(&command{name: "crawl", summary: "crawl sites from seed URLs or an outlets file into the archive", run: runCrawl})
}

// Exit statuses of crawl beyond 0 (done), 1 (could not run) and 2 (usage).
const (
	exitHostsFailed = 3   // finished, but some hosts failed entirely
	exitSIGINT      = 130 // interrupted by SIGINT (128+2)
	exitSIGTERM     = 143 // interrupted by SIGTERM (128+15)
)

// exitError carries an exit status other than 1 to Main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }
func (e *exitError) ExitCode() int { return e.code }

// crawlFlags are shared by crawl and demo so both take the same knobs.
type crawlFlags struct {
	db           string
	config       string
	maxDepth     int
	maxPages     int
	parallel     int
	maxAttempts  int
	delay        time.Duration
	userAgent    string
	ignoreRobots bool
	allowPrivate bool
	revisitAll   bool
	timeout      time.Duration
	maxDuration  time.Duration
	logLevel     string
	verbose      bool
	noProgress   bool
	noWARC       bool
}

func (f *crawlFlags) register(fs flagSet, withNet bool) {
	fs.StringVar(&f.db, "db", "news.db", "SQLite archive to write (created if missing)")
	fs.IntVar(&f.maxDepth, "max-depth", crawler.DefaultMaxDepth, "links to follow away from a seed (home → section → article is 2)")
	fs.IntVar(&f.maxPages, "max-pages", 0, "stop after fetching this many pages in this run (0: no limit)")
	fs.IntVar(&f.parallel, "parallel", crawler.DefaultParallel, "requests in flight across all hosts")
	fs.BoolVar(&f.verbose, "v", false, "log every page to stderr (same as --log-level debug)")
	fs.StringVar(&f.logLevel, "log-level", "warn", "log records at this level and above to stderr: debug, info, warn, error")
	fs.BoolVar(&f.noWARC, "no-warc", false, "do not keep raw pages in WARC files beside the database (DB.warc/)")
	if !withNet {
		return
	}
	fs.StringVar(&f.config, "config", "", "outlets file (TOML) listing start pages, feeds, sitemaps, scope and limits per outlet")
	fs.DurationVar(&f.delay, "delay", crawler.DefaultDelay, "pause between requests to one host (robots.txt Crawl-delay wins if longer)")
	fs.StringVar(&f.userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent sent with every request; name a contact URL")
	fs.BoolVar(&f.ignoreRobots, "ignore-robots", false, "do not obey robots.txt (only for sites you own)")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow loopback and private addresses (for sites on your own network)")
	fs.DurationVar(&f.timeout, "timeout", crawler.DefaultTimeout, "time limit for one request")
	fs.DurationVar(&f.maxDuration, "max-duration", 0, "stop taking new work after this long and finish cleanly (0: no limit)")
	fs.IntVar(&f.maxAttempts, "max-attempts", crawler.DefaultMaxAttempts, "fetches of one URL per run when failures are transient (timeouts, 429, 5xx)")
	fs.BoolVar(&f.revisitAll, "revisit-all", false, "re-fetch every known URL (conditionally), old articles included")
	fs.BoolVar(&f.noProgress, "no-progress", false, "no live status line, even on a terminal")
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
	fs := newFlags("crawl", "[flags] [URL...]", stderr)
	f.register(fs, true)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 && f.config == "" {
		return usagef("no seed URL given (and no --config)")
	}
	if f.delay < 0 {
		return usagef("-delay must not be negative, got %v", f.delay)
	}
	if f.maxDuration < 0 {
		return usagef("-max-duration must not be negative, got %v", f.maxDuration)
	}
	if _, err := parseLevel(f.logLevel); err != nil {
		return usagef("%v", err)
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })

	cfg := crawler.Config{Seeds: fs.Args()}
	if f.config != "" {
		fc, err := loadConfig(f.config)
		if err != nil {
			return err
		}
		cfg.Outlets = fc.outlets()
		// The file's crawl-wide settings, unless a flag says otherwise.
		if fc.UserAgent != "" && !set["user-agent"] {
			f.userAgent = fc.UserAgent
		}
		if fc.Delay != nil && !set["delay"] {
			f.delay = fc.Delay.Duration
		}
		if fc.Parallel > 0 && !set["parallel"] {
			f.parallel = fc.Parallel
		}
		if fc.MaxDepth != 0 && !set["max-depth"] {
			f.maxDepth = fc.MaxDepth
		}
		if fc.MaxPages > 0 && !set["max-pages"] {
			f.maxPages = fc.MaxPages
		}
		if fc.Timeout != nil && !set["timeout"] {
			f.timeout = fc.Timeout.Duration
		}
		if fc.MaxDuration != nil && !set["max-duration"] {
			f.maxDuration = fc.MaxDuration.Duration
		}
		if fc.MaxAttempts > 0 && !set["max-attempts"] {
			f.maxAttempts = fc.MaxAttempts
		}
		f.allowPrivate = f.allowPrivate || fc.AllowPrivate
		f.ignoreRobots = f.ignoreRobots || fc.IgnoreRobots
	}
	cfg.MaxDepth = f.maxDepth
	cfg.MaxPages = f.maxPages
	cfg.Parallel = f.parallel
	cfg.Delay = f.delay
	cfg.NoDelay = f.delay == 0
	cfg.UserAgent = f.userAgent
	cfg.IgnoreRobots = f.ignoreRobots
	cfg.AllowPrivate = f.allowPrivate
	cfg.Timeout = f.timeout
	cfg.MaxDuration = f.maxDuration
	cfg.MaxAttempts = f.maxAttempts
	cfg.Revisit.All = f.revisitAll
	if s := os.Getenv("NEWSARCHIVE_TIME_SCALE"); s != "" {
		// For tests of the binary: Crawl-delay, Retry-After and backoff
		// at a fraction of real time. Not documented for users.
		var v float64
		if _, err := fmt.Sscan(s, &v); err == nil && v > 0 {
			cfg.TimeScale = v
		}
	}

	// Which signal stopped the crawl decides the exit status (130/143).
	var sig atomic.Value
	sigc := make(chan os.Signal, 2)
	signal.Notify(sigc, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigc {
			sig.CompareAndSwap(nil, s)
		}
	}()
	defer func() {
		signal.Stop(sigc)
		close(sigc)
	}()

	sum, err := archive(ctx, f, cfg, stderr)
	if sum != nil {
		sum.print(stdout)
	}
	if err != nil {
		if sum != nil && sum.status == store.RunInterrupted {
			code := exitSIGINT
			if s, _ := sig.Load().(os.Signal); s == syscall.SIGTERM {
				code = exitSIGTERM
			}
			return &exitError{code: code, err: err}
		}
		return err
	}
	if failed := sum.stats.FailedHosts(); len(failed) > 0 {
		sort.Strings(failed)
		return &exitError{code: exitHostsFailed, err: fmt.Errorf("%d host(s) failed entirely: %s", len(failed), strings.Join(failed, ", "))}
	}
	return nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("-log-level: %q is not debug, info, warn or error", s)
	}
	return l, nil
}

// summary is what a crawl did, for the one summary line a cron job reads.
type summary struct {
	db       string
	stats    crawler.Stats
	total    int // articles in the archive after the run
	rejected int64
	status   string
	// WARC response and revisit records written (0 with --no-warc).
	warcRecords, warcRevisits int64
}

func (s *summary) print(w io.Writer) {
	st := s.stats
	fmt.Fprintf(w, "%s: %d pages fetched, %d articles stored (%d in archive), %d index pages, %d not modified, %d feeds, %d sitemaps, %d retries, %d errors, %d disallowed by robots.txt",
		s.status, st.PagesFetched, st.Articles-int(s.rejected), s.total, st.IndexPages, st.NotModified,
		st.Feeds, st.Sitemaps, st.Retries, st.Errors+int(s.rejected), st.Disallowed)
	if failed := st.FailedHosts(); len(failed) > 0 {
		fmt.Fprintf(w, ", %d hosts failed", len(failed))
	}
	switch st.Stopped {
	case "max-duration":
		fmt.Fprintf(w, ", stopped at --max-duration")
	case "max-pages":
		fmt.Fprintf(w, ", stopped at --max-pages")
	}
	fmt.Fprintf(w, ", %s elapsed\n", st.Elapsed.Round(time.Millisecond))
}

// archive runs one crawl into the database, recording it as a crawl run.
// It holds the archive's crawl lock throughout: a second crawl of the same
// archive fails at once without writing anything.
func archive(ctx context.Context, f crawlFlags, cfg crawler.Config, stderr io.Writer) (*summary, error) {
	level, err := parseLevel(f.logLevel)
	if err != nil {
		level = slog.LevelWarn
	}
	if f.logLevel == "" {
		level = slog.LevelWarn
	}
	if f.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	cfg.Logger = log

	release, err := lockArchive(f.db)
	if err != nil {
		return nil, err
	}
	defer release()
	// Setup writes finish even when a signal arrives meanwhile: the run is
	// then recorded, and ends at once as interrupted.
	setup := context.WithoutCancel(ctx)
	db, err := store.Open(setup, f.db)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	// We hold the lock, so a run still marked running died with its process.
	if n, err := db.AbandonRuns(setup, time.Now()); err != nil {
		return nil, err
	} else if n > 0 {
		log.Info("previous crawl did not finish; resuming from its frontier", "runs", n)
	}
	var seeds []string
	seeds = append(seeds, cfg.Seeds...)
	for _, o := range cfg.Outlets {
		seeds = append(seeds, o.Start...)
		seeds = append(seeds, o.Feeds...)
		seeds = append(seeds, o.Sitemaps...)
	}
	runID, err := db.StartRun(setup, seeds, time.Now())
	if err != nil {
		return nil, err
	}
	sink := &archiving.Sink{DB: db, RunID: runID}
	archiving.TuneGC()
	if !f.noWARC {
		// A new file for each run, in a folder beside the database.
		w, err := warc.NewWriter(store.WARCDir(f.db), filepath.Dir(f.db), warc.Options{Software: "newsarchive (" + crawler.DefaultUserAgent + ")"})
		if err != nil {
			return nil, err
		}
		sink.WARC = w
		defer w.Close()
	}
	cfg.Frontier = &archiving.Frontier{DB: db, RunID: runID}
	var prog *progressLine
	if !f.noProgress {
		prog = newProgress(stderr)
	}
	if prog != nil {
		cfg.Progress = prog.update
	}
	stats, crawlErr := crawler.Run(ctx, cfg, sink)
	prog.clear()

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
	rs := store.RunStats{PagesFetched: stats.PagesFetched, ArticlesStored: stats.Articles - int(sink.Rejected()),
		IndexPages: stats.IndexPages, Errors: stats.Errors + int(sink.Rejected())}
	if err := db.FinishRun(fin, runID, rs, status, time.Now()); err != nil && crawlErr == nil {
		crawlErr = err
	}
	var hosts []store.RunHost
	for h, hs := range stats.Hosts {
		hosts = append(hosts, store.RunHost{Host: h, Fetched: hs.Fetched, OK: hs.OK, Errors: hs.Errors,
			Retries: hs.Retries, Failed: hs.Failed(), LastError: hs.LastError})
		if hs.Failed() {
			log.Warn("host failed entirely", "host", h, "errors", hs.Errors, "last_error", hs.LastError)
		}
	}
	if err := db.RecordRunHosts(fin, runID, hosts); err != nil && crawlErr == nil {
		crawlErr = err
	}
	total, err := db.CountArticles(fin)
	if err != nil && crawlErr == nil {
		crawlErr = err
	}
	if sink.WARC != nil {
		if err := sink.WARC.Close(); err != nil && crawlErr == nil {
			crawlErr = err
		}
	}
	sum := &summary{db: f.db, stats: stats, total: total, rejected: sink.Rejected(), status: status,
		warcRecords: sink.Records(), warcRevisits: sink.Revisits()}
	if crawlErr != nil {
		return sum, fmt.Errorf("crawl: %w", crawlErr)
	}
	return sum, nil
}
