// Crawlpeer sets newsarchive's crawl against a colly + go-trafilatura +
// SQLite pipeline, on the generated news site that cmd/crawlbench crawls
// (crawltest.NewGenSite, served on 127.0.0.1). It lives in the compare
// module so that the product's go.mod never depends on go-trafilatura.
//
// Usage, from cmd/extractbench/compare:
//
//	go run ./crawlpeer [-pages N[,N...]] [-parallel P] [-reps R] [-fts=false] [-ours=false] [-crawlbench BIN] [-root DIR] [-json]
//
// For each N, crawlpeer
//
//  1. runs newsarchive's own benchmark, cmd/crawlbench -json -pages N
//     -parallel P, built once from the main module (found with go list, or
//     -root), which crawls its own copy of the site with the newsarchive
//     crawl path and with a colly+goquery parse-only baseline; then
//  2. serves a crawltest.NewGenSite of N articles on a free loopback port
//     and crawls it with the pipeline in a child process (this binary
//     re-run with CRAWLPEER_CHILD set), so that its CPU time and peak RSS
//     are its own, exactly as crawlbench measures its crawls.
//
// The pipeline (colly+trafilatura+sqlite) is what a user of the three
// libraries writes: colly v2 Async with Parallelism P following same-host
// links from an OnHTML("a[href]") callback; an OnResponse callback that runs
// trafilatura.Extract with its default options (no fallback) on every HTML
// page and, for pages whose og:type or JSON-LD @type names an article,
// INSERTs url, headline, body, date and authors in one autocommit
// statement; modernc.org/sqlite (the main module's version) with WAL,
// synchronous NORMAL and one pooled connection. With -fts (the default) an
// external-content FTS5 index over headline and body is kept by triggers
// as newsarchive's is; -fts=false leaves it out. Like crawlbench's baseline
// it ignores robots.txt, keeps P idle connections per host, and claims each
// URL once (colly's own visited check would fetch some twice).
//
// The flags are:
//
//	-pages N[,N...]
//		site sizes in articles (default 1000).
//	-parallel P
//		requests in flight (default 4).
//	-reps R
//		rounds per size (default 1), each crawling with all three; the
//		table then shows each figure's median over the rounds, and the
//		median of the rounds' ratios (a ratio within one round is fairer
//		on a shared machine than a ratio of medians).
//	-fts
//		keep an FTS5 index in the pipeline's database (default true).
//	-ours
//		run crawlbench for newsarchive's figures (default true); with
//		-ours=false only the pipeline is crawled.
//	-crawlbench BIN
//		a crawlbench binary to run instead of building one.
//	-root DIR
//		the main module's folder, to build crawlbench from (default: the
//		directory go list reports for github.com/newsarchive/newsarchive).
//	-json
//		print the figures as one JSON array instead of tables.
//
// Figures per crawl, as crawlbench defines them: pages (distinct URLs the
// server answered), duplicate fetches, errors, wall seconds, pages/s, CPU
// ms/page (the child's user + system time ÷ pages), peak RSS (ru_maxrss),
// articles stored, and pages/s ÷ the pipeline's pages/s (for newsarchive:
// the goal is ≥ 3). The servers run in the parent processes and
// are not charged to the crawls. Timing is not asserted anywhere.
//
// Exit status: 0 on success; 1 when a crawl fails; 2 on a usage error.
package main

import (
	"bytes"
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
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/cmd/internal/childproc"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

func main() {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(benchcli.ExitCode("crawlpeer", err, os.Stderr))
}

type usageErr = benchcli.UsageError

// Crawl names, as they appear in the table and the JSON.
const (
	modeOurs     = "newsarchive" // crawlbench's names
	modeBaseline = "colly+goquery"
	modePipeline = "colly+trafilatura+sqlite"
)

type config struct {
	sizes      []int
	reps       int
	parallel   int
	fts        bool
	ours       bool
	crawlbench string
	root       string
	json       bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("crawlpeer", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &config{}
	pages := fs.String("pages", "1000", "site sizes in articles, comma-separated")
	fs.IntVar(&c.parallel, "parallel", 4, "requests in flight")
	fs.IntVar(&c.reps, "reps", 1, "rounds per size; figures are medians")
	fs.BoolVar(&c.fts, "fts", true, "keep an FTS5 index in the pipeline's database")
	fs.BoolVar(&c.ours, "ours", true, "run crawlbench for newsarchive's figures")
	fs.StringVar(&c.crawlbench, "crawlbench", "", "crawlbench `binary` to run instead of building one")
	fs.StringVar(&c.root, "root", "", "main module `folder` to build crawlbench from")
	fs.BoolVar(&c.json, "json", false, "print the figures as JSON")
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
		return nil, usageErr{Err: errors.New("-parallel must be at least 1")}
	}
	if c.reps < 1 {
		return nil, usageErr{Err: errors.New("-reps must be at least 1")}
	}
	return c, nil
}

// result is one crawl's figures; the fields crawlbench prints keep its
// JSON names, so its output decodes straight into it.
type result struct {
	Mode         string  `json:"mode"`
	Articles     int     `json:"site_articles"`
	Parallel     int     `json:"parallel"`
	FTS          bool    `json:"fts"`
	Pages        int     `json:"pages"`
	Duplicates   int     `json:"duplicates"`
	Errors       int     `json:"errors"`
	Seconds      float64 `json:"seconds"`
	PagesPerSec  float64 `json:"pages_per_s"`
	CPUMsPerPage float64 `json:"cpu_ms_per_page"`
	PeakRSSMB    float64 `json:"peak_rss_mb"`
	Stored       int     `json:"stored_articles"`
	ArchiveMB    float64 `json:"archive_mb,omitempty"`
	VsPipeline   float64 `json:"vs_pipeline,omitempty"` // pages/s ÷ the pipeline's pages/s
	Rounds       int     `json:"rounds,omitempty"`      // with -reps: the figures are medians of this many rounds
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "crawlpeer-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bench := cfg.crawlbench
	if cfg.ours && bench == "" {
		if bench, err = buildCrawlbench(ctx, cfg.root, dir, stderr); err != nil {
			return err
		}
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	var all []result
	for _, n := range cfg.sizes {
		var reps [][]result
		for rep := range cfg.reps {
			rs, err := benchRound(ctx, cfg, bench, self, dir, n, stderr)
			if err != nil {
				return err
			}
			if cfg.reps > 1 && !cfg.json {
				fmt.Fprintf(stderr, "crawlpeer: %d articles, round %d: %s\n", n, rep+1, summary(rs))
			}
			reps = append(reps, rs)
		}
		rs := medianRows(reps)
		all = append(all, rs...)
		if !cfg.json {
			writeTable(stdout, n, cfg.parallel, cfg.reps, rs)
		}
	}
	if cfg.json {
		b, _ := json.MarshalIndent(all, "", "  ")
		_, err := fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	return nil
}

// benchRound crawls a site of n articles once with each crawl: crawlbench's
// two, then the pipeline, and sets each one's ratio to the pipeline.
func benchRound(ctx context.Context, cfg *config, bench, self, dir string, n int, stderr io.Writer) ([]result, error) {
	var rs []result
	if cfg.ours {
		fmt.Fprintf(stderr, "crawlpeer: %d articles, crawlbench (newsarchive, colly+goquery) ...\n", n)
		var err error
		if rs, err = runCrawlbench(ctx, bench, n, cfg.parallel, stderr); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(stderr, "crawlpeer: %d articles, %s ...\n", n, modePipeline)
	p, err := benchPipeline(ctx, self, dir, n, cfg, stderr)
	if err != nil {
		return nil, err
	}
	rs = append(rs, p)
	for i := range rs {
		if p.PagesPerSec > 0 {
			rs[i].VsPipeline = childproc.Round(rs[i].PagesPerSec/p.PagesPerSec, 2)
		}
	}
	return rs, nil
}

// medianRows folds the rounds of one size into one row per crawl: each
// figure is the median of its rounds on its own, and the ratio is the
// median of the rounds' ratios (each taken within one round, when the
// machine's other load was the same for all crawls).
func medianRows(reps [][]result) []result {
	if len(reps) == 1 {
		return reps[0]
	}
	out := slices.Clone(reps[0])
	for i := range out {
		col := func(f func(r result) float64) float64 {
			var v []float64
			for _, rs := range reps {
				v = append(v, f(rs[i]))
			}
			return median(v)
		}
		r := &out[i]
		r.Seconds = col(func(r result) float64 { return r.Seconds })
		r.PagesPerSec = col(func(r result) float64 { return r.PagesPerSec })
		r.CPUMsPerPage = col(func(r result) float64 { return r.CPUMsPerPage })
		r.PeakRSSMB = col(func(r result) float64 { return r.PeakRSSMB })
		r.VsPipeline = col(func(r result) float64 { return r.VsPipeline })
		r.Rounds = len(reps)
		for _, rs := range reps {
			r.Duplicates = max(r.Duplicates, rs[i].Duplicates)
			r.Errors = max(r.Errors, rs[i].Errors)
		}
	}
	return out
}

// median returns the middle value, or the mean of the two middle values.
func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return childproc.Round((s[len(s)/2-1]+s[len(s)/2])/2, 3)
}

func summary(rs []result) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s %.1f pages/s (÷ pipeline %.2f)", r.Mode, r.PagesPerSec, r.VsPipeline))
	}
	return strings.Join(parts, ", ")
}

// buildCrawlbench builds cmd/crawlbench from the main module into dir.
func buildCrawlbench(ctx context.Context, root, dir string, stderr io.Writer) (string, error) {
	if root == "" {
		out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/newsarchive/newsarchive").Output()
		if err != nil {
			return "", fmt.Errorf("find the main module (run from cmd/extractbench/compare, or pass -root or -crawlbench): %w", err)
		}
		root = strings.TrimSpace(string(out))
	}
	bin := filepath.Join(dir, "crawlbench")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/crawlbench")
	cmd.Dir = root
	cmd.Stderr = stderr
	fmt.Fprintf(stderr, "crawlpeer: building crawlbench in %s ...\n", root)
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build crawlbench: %w", err)
	}
	return bin, nil
}

// runCrawlbench runs crawlbench for one site size and decodes its JSON.
func runCrawlbench(ctx context.Context, bin string, n, parallel int, stderr io.Writer) ([]result, error) {
	cmd := exec.CommandContext(ctx, bin, "-json", "-pages", strconv.Itoa(n), "-parallel", strconv.Itoa(parallel),
		"-modes", modeOurs+","+modeBaseline)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("crawlbench, %d articles: %w", n, err)
	}
	var rs []result
	if err := json.Unmarshal(out.Bytes(), &rs); err != nil {
		return nil, fmt.Errorf("crawlbench output: %w", err)
	}
	for i := range rs {
		rs[i].FTS = rs[i].Mode == modeOurs
	}
	return rs, nil
}

// benchPipeline serves a site of n articles and crawls it with the
// pipeline in a child process.
func benchPipeline(ctx context.Context, self, dir string, n int, cfg *config, stderr io.Writer) (result, error) {
	site := crawltest.NewGenSite(n)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	j := job{Seed: "http://" + ln.Addr().String() + "/", DB: filepath.Join(dir, fmt.Sprintf("pipeline-%d.db", n)),
		Parallel: cfg.parallel, FTS: cfg.fts}
	os.Remove(j.DB)
	defer os.Remove(j.DB)
	rep, ru, err := childproc.Run[report](ctx, self, childEnv, j, stderr)
	if err != nil {
		return result{}, fmt.Errorf("%s crawl of %d articles: %w", modePipeline, n, err)
	}
	c := site.Counts()
	r := result{Mode: modePipeline, Articles: n, Parallel: cfg.parallel, FTS: cfg.fts,
		Pages: c.Unique, Duplicates: c.Duplicates, Errors: rep.Errors + rep.InsertErrors,
		Seconds: childproc.Round(rep.Seconds, 3), Stored: rep.Stored, ArchiveMB: childproc.Round(rep.ArchiveMB, 1)}
	if rep.Seconds > 0 {
		r.PagesPerSec = childproc.Round(float64(c.Unique)/rep.Seconds, 1)
	}
	if c.Unique > 0 {
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		r.CPUMsPerPage = childproc.Round(float64(cpu)/1e6/float64(c.Unique), 3)
	}
	r.PeakRSSMB = childproc.Round(childproc.MaxRSSBytes(ru)/1e6, 1)
	return r, nil
}

func writeTable(w io.Writer, n, parallel, reps int, rs []result) {
	fmt.Fprintf(w, "== %d articles, parallel %d, %d CPUs", n, parallel, runtime.NumCPU())
	if reps > 1 {
		fmt.Fprintf(w, ", medians of %d rounds", reps)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "%-26s %4s %7s %5s %6s %8s %8s %8s %9s %7s %11s\n",
		"crawl", "FTS", "pages", "dup", "errors", "seconds", "pages/s", "CPU ms/p", "peak RSS", "stored", "÷ pipeline")
	for _, r := range rs {
		fts := "no"
		if r.FTS {
			fts = "yes"
		}
		if r.Mode == modeBaseline {
			fts = "-"
		}
		stored := "-"
		if r.Mode != modeBaseline {
			stored = strconv.Itoa(r.Stored)
		}
		ratio := "-"
		if r.VsPipeline > 0 {
			ratio = fmt.Sprintf("%.2f", r.VsPipeline)
		}
		fmt.Fprintf(w, "%-26s %4s %7d %5d %6d %8.2f %8.1f %8.2f %6.0f MB %7s %11s\n",
			r.Mode, fts, r.Pages, r.Duplicates, r.Errors, r.Seconds, r.PagesPerSec, r.CPUMsPerPage, r.PeakRSSMB, stored, ratio)
	}
	fmt.Fprintln(w)
}
