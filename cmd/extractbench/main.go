// Extractbench measures the article extractor (package extract) against
// the benchmark pages beside the project in ../shared/bench: body text by
// the scrapinghub article-extraction-benchmark method, headline, date,
// authors, standfirst and body snippets, and the time extraction takes.
//
// Usage:
//
//	go run ./cmd/extractbench [flags]
//
// The flags are:
//
//	-data DIR
//		the benchmark folder (default ../shared/bench, relative to the
//		current directory). Every sub-folder holding truth.jsonl and
//		pages/<id>.html.gz is a dataset; see the folder's README.md.
//	-json
//		print only the figures, as one JSON object on stdout keyed by
//		dataset folder name; logs go to stderr.
//	-v
//		after each table, list the worst pages per field: the lowest body
//		F1, headline and standfirst misses with predicted and gold text,
//		date, author and snippet misses (on stderr with -json).
//	-out DIR
//		write each page's prediction and verdicts as JSON lines to
//		DIR/<dataset>.jsonl, sorted by id, so two runs diff page by page.
//	-floor FILE
//		compare the figures with FILE (the -json shape) and exit 1,
//		listing them, if any figure is more than 0.01 below its floor.
//		pages and ms_per_page are not compared. CI runs
//		go run ./cmd/extractbench -floor testdata/bench-floor.json
//	-write-floor FILE
//		write the current figures, without ms_per_page, to FILE (after
//		any -floor check, so a run can both check and raise the floor).
//	-speed
//		measure speed instead of quality: see Speed below.
//	-reps N
//		with -speed, the counted passes per method (default 5).
//	-cpus N
//		with -speed, GOMAXPROCS while timing (default 1).
//	-datasets A,B
//		with -speed, only these datasets (default all).
//
// Each page is read and gunzipped first, then given raw to extract.Parse
// with the truth URL and no Content-Type (the HTTP charset is unknown);
// only the Parse call is timed. A failed parse counts as an empty
// prediction. Output is deterministic except the timing figures.
//
// # Figures
//
// All rates are fractions from 0 to 1. In the text table each cell shows
// the figure and, in brackets, how many gold cases it is over; a column
// per source (the id prefix: nk, pl, tr, hd in newsmeta) follows "all".
//
//	body_f1, body_precision, body_recall, body_accuracy
//		the scrapinghub method, over every page with body gold. Tokens
//		are the matches of [\p{L}\p{N}_]+ (Python's \w+), case kept; each
//		page's 4-token shingles are counted as multisets: tp = Σ min,
//		fp = excess in the prediction, fn = excess in the gold, then
//		normalised to sum 1. A text of 1 to 3 tokens is one shingle, an
//		empty one has none. Page precision tp/(tp+fp) and recall
//		tp/(tp+fn) are 1 when fp = fn = 0 and 0 when tp = fp = 0 or
//		tp = fn = 0; precision is averaged over pages with tp+fp > 0 (an
//		empty prediction leaves the precision mean), recall over pages
//		with tp+fn > 0; F1 = 2PR/(P+R) of those means. Accuracy is the
//		share of pages whose token sequence equals the gold's.
//		The JSON adds the same four per source group that has body gold,
//		prefixed with the group: nk_body_f1 and so on.
//	headline_exact, headline_f1_90
//		pages with news: true and a title: equal after NFKC, unified
//		quotes and dashes and collapsed white space; and the share whose
//		lower-cased token F1 is at least 0.9.
//	date
//		pages with news: true and a date: the day of published_at as the
//		page states it (not converted to UTC) is date or one of
//		date_alts; no prediction is wrong.
//	authors
//		pages with news: true and authors: the sets of names, lower-cased
//		and split on , ; & and " and " on both sides, are equal.
//	standfirst_exact, standfirst_f1_90
//		as headline, against description.
//	with_found, without_absent
//		every page with with/without snippets: the share of with
//		snippets found in the body, and of without snippets absent,
//		white space collapsed on both sides.
//	ms_per_page
//		milliseconds spent in extract.Parse per page.
//
// A figure with no gold case in a dataset is left out.
//
// # Speed
//
// With -speed, extractbench loads every page of each dataset into memory
// (gunzipped), then times on one goroutine, with GOMAXPROCS=1 so the
// garbage collector's work counts too:
//
//	html.Parse   x/net/html building the tree from the raw bytes: the floor
//	newsarchive  extract.Parse, every field, as the crawler calls it
//
// Each method runs over all pages of a dataset once as a warm-up, then
// -reps times, the methods taking turns pass by pass and the heap collected
// before each pass; the median pass is kept. The table shows ms/page, MB/s,
// heap MB allocated per page and the ratio to html.Parse; -json prints the
// same figures as one JSON object keyed by dataset. The peers
// (go-trafilatura, go-readability) are timed by the same code from the
// nested module in compare/, which keeps them out of the main go.mod:
//
//	cd cmd/extractbench/compare && go run . -data ../../../../shared/bench
//
// # Exit status
//
// 0 on success; 1 when a figure is below its floor or the run fails; 2 on
// a usage error or when the data folder is missing (it says where the data
// is expected).
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
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitError carries the process exit status of a failed run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: 2, err: fmt.Errorf(format, args...)}
}

// exitCode reports err on stderr, unless flag already did, and returns the
// exit status for it.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	code := 1
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	if !errors.Is(err, errFlagParse) {
		fmt.Fprintf(stderr, "extractbench: %v\n", err)
	}
	return code
}

// errFlagParse marks flag errors the flag package has already printed.
var errFlagParse = errors.New("invalid flags")

// config holds the parsed flags.
type config struct {
	data       string
	out        string
	verbose    bool
	json       bool
	floor      string
	writeFloor string
	speed      bool
	reps       int
	cpus       int
	datasets   string
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{}
	fs := flag.NewFlagSet("extractbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.data, "data", filepath.Join("..", "shared", "bench"), "benchmark `folder` holding one sub-folder per dataset")
	fs.StringVar(&c.out, "out", "", "write each page's prediction and verdicts to `DIR`/<dataset>.jsonl")
	fs.BoolVar(&c.verbose, "v", false, "list the worst pages per field")
	fs.BoolVar(&c.json, "json", false, "print only the figures as one JSON object")
	fs.StringVar(&c.floor, "floor", "", "exit 1 if a figure is more than 0.01 below its value in `FILE`")
	fs.StringVar(&c.writeFloor, "write-floor", "", "write the current figures (without ms_per_page) to `FILE`")
	fs.BoolVar(&c.speed, "speed", false, "time html.Parse and the extractor instead of scoring quality")
	fs.IntVar(&c.reps, "reps", 5, "with -speed, counted passes per method (median kept)")
	fs.IntVar(&c.cpus, "cpus", 1, "with -speed, GOMAXPROCS while timing")
	fs.StringVar(&c.datasets, "datasets", "", "with -speed, comma-separated dataset `names` (default all)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: extractbench [-data DIR] [-out DIR] [-v] [-json] [-floor FILE] [-write-floor FILE]\n       extractbench -speed [-data DIR] [-reps N] [-cpus N] [-datasets A,B] [-json]\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, &exitError{code: 2, err: errFlagParse}
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return nil, usageError("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if c.reps < 1 || c.cpus < 1 {
		fs.Usage()
		return nil, usageError("-reps and -cpus must be at least 1")
	}
	return c, nil
}

// run is the whole command: it parses args, benchmarks every dataset and
// reports on stdout, logging to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if cfg.verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if cfg.speed {
		return runSpeed(ctx, cfg, stdout, logger)
	}

	names, err := findDatasets(cfg.data)
	if errors.Is(err, errNoData) {
		abs, _ := filepath.Abs(cfg.data)
		return usageError("no benchmark data in %s: expected one folder per dataset holding truth.jsonl and pages/<id>.html.gz (the shared bench lives in ../shared/bench beside the project; pass -data)", abs)
	}
	if err != nil {
		return err
	}
	// Read the floor first so a bad path fails before the long run.
	var floor map[string]map[string]float64
	if cfg.floor != "" {
		if floor, err = readFloor(cfg.floor); err != nil {
			return usageError("%w", err)
		}
	}

	verbose := stdout
	if cfg.json {
		verbose = stderr
	}
	var results []*datasetResult
	for _, name := range names {
		d, err := loadDataset(cfg.data, name)
		if err != nil {
			return err
		}
		logger.Info("extracting", "dataset", name, "pages", len(d.Cases))
		r, err := evalDataset(ctx, d, logger)
		if err != nil {
			return err
		}
		results = append(results, r)
		if cfg.out != "" {
			if err := writePages(cfg.out, r); err != nil {
				return err
			}
		}
		if !cfg.json {
			if err := writeTable(stdout, r); err != nil {
				return err
			}
		}
		if cfg.verbose {
			if err := writeWorst(verbose, r); err != nil {
				return err
			}
		}
	}
	if cfg.json {
		if err := writeJSON(stdout, jsonFigures(results, true)); err != nil {
			return err
		}
	}
	pages, parse := elapsedNote(results)
	logger.Info("done", "datasets", len(results), "pages", pages, "parse", parse.Round(1e6))

	var below []string
	if floor != nil {
		below = belowFloor(floor, jsonFigures(results, false))
	}
	if cfg.writeFloor != "" {
		f, err := os.Create(cfg.writeFloor)
		if err != nil {
			return fmt.Errorf("write floor: %w", err)
		}
		werr := writeJSON(f, jsonFigures(results, false))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("write floor: %w", werr)
		}
		logger.Info("floor written", "file", cfg.writeFloor)
	}
	if len(below) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d figures below the floor in %s:\n  %s",
			len(below), cfg.floor, strings.Join(below, "\n  "))}
	}
	if floor != nil {
		logger.Info("floor check passed", "file", cfg.floor)
	}
	return nil
}
