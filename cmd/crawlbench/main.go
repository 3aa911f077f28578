// Crawlbench measures how fast and how lean the newsarchive crawl is on a
// generated news site served on 127.0.0.1, against a colly + goquery
// baseline that only fetches and parses, in the same run.
//
// Usage:
//
//	go run ./cmd/crawlbench [-pages N[,N...]] [-parallel P] [-modes M,M] [-keep DIR] [-cpuprofile DIR] [-json]
//
// For each N, crawlbench serves a crawltest.GenSite of N articles (about
// 85 KB each, with navigation, footer and 20 related links, plus section
// pages, four static pages, a feed and a sitemap) on a free loopback port,
// then crawls it from the home page once per mode, each crawl in a child
// process of its own (the binary re-run with CRAWLBENCH_CHILD set) so that
// its CPU time and peak RSS are its own:
//
//	newsarchive         the real crawl path: crawler.Run with HostParallel =
//	                    Parallel = P, politeness delay off, loopback allowed,
//	                    robots.txt obeyed, every page extracted and stored in a
//	                    fresh archive (FTS, persistent frontier, raw pages in
//	                    WARC) through the same adapter as newsarchive crawl
//	                    (cmd/internal/archiving)
//	newsarchive-nowarc  the same without WARC (crawl --no-warc)
//	colly+goquery       colly (Async, Parallelism P) parsing each page with
//	                    goquery to follow its links; nothing extracted or stored
//
// The flags are:
//
//	-pages N[,N...]
//		site sizes in articles (default 1000). 1000,10000 shows growth.
//	-parallel P
//		requests in flight (default 4).
//	-modes M,M
//		crawls to run (default newsarchive,colly+goquery).
//	-keep DIR
//		write the archives to DIR and keep them (default: a temporary
//		folder, removed at the end).
//	-cpuprofile DIR
//		write each crawl's CPU profile to DIR/<mode>-<N>.pprof, for
//		go tool pprof -top DIR/newsarchive-1000.pprof.
//	-json
//		print the figures as one JSON array instead of tables.
//
// # Figures
//
// Per crawl: pages (distinct URLs the server answered), duplicate fetches
// (requests for a URL served before, counted by the server), errors, wall
// seconds (from opening the archive to closing it), pages/s, CPU ms/page
// (the child's user + system time from getrusage ÷ pages), peak RSS (the
// child's ru_maxrss), the archive's size after a WAL checkpoint and per
// 1,000 articles stored, the best of five runs of a full-text query for a
// word found in one article only (SELECT count(*) FROM articles_fts WHERE
// articles_fts MATCH ?), and pages/s ÷ the baseline's.
// The server runs in the parent process and is not charged to the crawl.
// Timing is not asserted anywhere: the figures are for reading.
//
// Exit status: 0 on success; 1 when a crawl fails; 2 on a usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/newsarchive/newsarchive/cmd/internal/benchcli"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/cmd/internal/childproc"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

func main() {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild(os.Stdout))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(benchcli.ExitCode("crawlbench", err, os.Stderr))
}

type usageErr = benchcli.UsageError

type config struct {
	sizes    []int
	parallel int
	modes    []string
	keep     string
	profile  string
	json     bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("crawlbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pages := fs.String("pages", "1000", "site sizes in articles, comma-separated")
	c := &config{}
	fs.IntVar(&c.parallel, "parallel", 4, "requests in flight")
	modes := fs.String("modes", modeOurs+","+modeNoWARC+","+modeBaseline, "crawls to run, comma-separated")
	fs.StringVar(&c.keep, "keep", "", "write the archives to `DIR` and keep them")
	fs.StringVar(&c.profile, "cpuprofile", "", "write each crawl's CPU profile to `DIR`/<mode>-<N>.pprof")
	fs.BoolVar(&c.json, "json", false, "print the figures as JSON")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: crawlbench [-pages N[,N...]] [-parallel P] [-modes M,M] [-keep DIR] [-json]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageErr{Err: err}
	}
	if fs.NArg() > 0 {
		return nil, usageErr{Err: fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))}
	}
	sizes, err := benchcli.Sizes(*pages)
	if err != nil {
		return nil, err
	}
	c.sizes = sizes
	if c.parallel < 1 {
		return nil, usageErr{Err: fmt.Errorf("-parallel must be at least 1")}
	}
	for _, m := range strings.Split(*modes, ",") {
		if m != modeOurs && m != modeNoWARC && m != modeBaseline {
			return nil, usageErr{Err: fmt.Errorf("-modes: unknown mode %q (want %s, %s or %s)", m, modeOurs, modeNoWARC, modeBaseline)}
		}
		c.modes = append(c.modes, m)
	}
	return c, nil
}

// result is one crawl's figures.
type result struct {
	Mode         string  `json:"mode"`
	Articles     int     `json:"site_articles"`
	SitePages    int     `json:"site_pages"` // distinct URLs a full crawl fetches
	Parallel     int     `json:"parallel"`
	Pages        int     `json:"pages"` // distinct URLs served
	Requests     int     `json:"requests"`
	Duplicates   int     `json:"duplicates"`
	NotFound     int     `json:"not_found"`
	Errors       int     `json:"errors"`
	Seconds      float64 `json:"seconds"`
	PagesPerSec  float64 `json:"pages_per_s"`
	CPUMsPerPage float64 `json:"cpu_ms_per_page"`
	PeakRSSMB    float64 `json:"peak_rss_mb"`
	ArchiveMB    float64 `json:"archive_mb,omitempty"`
	MBPer1000    float64 `json:"archive_mb_per_1000_articles,omitempty"`
	Stored       int     `json:"stored_articles,omitempty"`
	FTSQueryMs   float64 `json:"fts_query_ms,omitempty"`
	VsBaseline   float64 `json:"vs_baseline,omitempty"` // pages/s ÷ baseline pages/s
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	dir := cfg.keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "crawlbench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if cfg.profile != "" {
		if err := os.MkdirAll(cfg.profile, 0o755); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	var all []result
	for _, n := range cfg.sizes {
		rs, err := benchSize(ctx, cfg, self, dir, n, stderr)
		all = append(all, rs...)
		if err != nil {
			return err
		}
		if !cfg.json {
			writeTable(stdout, n, cfg.parallel, rs)
		}
	}
	if cfg.json {
		b, _ := json.MarshalIndent(all, "", "  ")
		_, err := fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	return nil
}

// benchSize serves a site of n articles and crawls it once per mode.
func benchSize(ctx context.Context, cfg *config, self, dir string, n int, stderr io.Writer) ([]result, error) {
	site := crawltest.NewGenSite(n)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	seed := "http://" + ln.Addr().String() + "/"

	var out []result
	for _, mode := range cfg.modes {
		site.ResetCounts()
		job := childJob{Mode: mode, Seed: seed, DB: archivePath(dir, mode, n), Parallel: cfg.parallel, Term: rareTerm(site)}
		if cfg.profile != "" {
			job.Profile = filepath.Join(cfg.profile, fmt.Sprintf("%s-%d.pprof", strings.ReplaceAll(mode, "+", "_"), n))
		}
		removeArchive(job.DB)
		fmt.Fprintf(stderr, "crawlbench: %d articles, %s ...\n", n, mode)
		rep, ru, err := childproc.Run[childReport](ctx, self, childEnv, job, stderr)
		if err != nil {
			return out, fmt.Errorf("%s crawl of %d articles: %w", mode, n, err)
		}
		c := site.Counts()
		r := result{Mode: mode, Articles: n, SitePages: site.Resources(), Parallel: cfg.parallel,
			Pages: c.Unique, Requests: c.Requests, Duplicates: c.Duplicates, NotFound: c.NotFound,
			Errors: rep.Errors, Seconds: childproc.Round(rep.Seconds, 3), Stored: rep.StoredRows}
		if rep.Seconds > 0 {
			r.PagesPerSec = childproc.Round(float64(c.Unique)/rep.Seconds, 1)
		}
		if c.Unique > 0 {
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			r.CPUMsPerPage = childproc.Round(float64(cpu)/1e6/float64(c.Unique), 3)
		}
		r.PeakRSSMB = childproc.Round(childproc.MaxRSSBytes(ru)/1e6, 1)
		if mode == modeOurs || mode == modeNoWARC {
			r.ArchiveMB = childproc.Round(rep.ArchiveMB, 1)
			if rep.StoredRows > 0 {
				r.MBPer1000 = childproc.Round(rep.ArchiveMB/float64(rep.StoredRows)*1000, 2)
			}
			if rep.FTSQueryMs >= 0 {
				r.FTSQueryMs = childproc.Round(rep.FTSQueryMs, 3)
			}
		}
		out = append(out, r)
	}
	var base *result
	for i := range out {
		if out[i].Mode == modeBaseline {
			base = &out[i]
		}
	}
	for i := range out {
		if base != nil && base.PagesPerSec > 0 {
			out[i].VsBaseline = childproc.Round(out[i].PagesPerSec/base.PagesPerSec, 2)
		}
	}
	return out, nil
}

func writeTable(w io.Writer, n, parallel int, rs []result) {
	if len(rs) == 0 {
		return
	}
	fmt.Fprintf(w, "== %d articles (%d URLs), parallel %d, %d CPUs\n", n, rs[0].SitePages, parallel, runtime.NumCPU())
	fmt.Fprintf(w, "%-18s %7s %5s %6s %8s %8s %8s %9s %9s %8s %8s %10s\n",
		"crawl", "pages", "dup", "errors", "seconds", "pages/s", "CPU ms/p", "peak RSS", "archive", "MB/1k", "FTS ms", "÷ baseline")
	for _, r := range rs {
		archive, per1k, fts := "-", "-", "-"
		if r.ArchiveMB > 0 {
			archive = fmt.Sprintf("%.1f MB", r.ArchiveMB)
			per1k = fmt.Sprintf("%.2f", r.MBPer1000)
		}
		if r.FTSQueryMs > 0 {
			fts = fmt.Sprintf("%.2f", r.FTSQueryMs)
		}
		ratio := "-"
		if r.VsBaseline > 0 {
			ratio = fmt.Sprintf("%.2f", r.VsBaseline)
		}
		fmt.Fprintf(w, "%-18s %7d %5d %6d %8.2f %8.1f %8.2f %6.0f MB %9s %8s %8s %10s\n",
			r.Mode, r.Pages, r.Duplicates, r.Errors, r.Seconds, r.PagesPerSec, r.CPUMsPerPage, r.PeakRSSMB, archive, per1k, fts, ratio)
	}
	fmt.Fprintln(w)
}
