// Command torture runs fault scenarios against the real newsarchive
// binary and prints one table of figures: what was expected, archived,
// lost and duplicated, the errors recorded, peak memory, wall time and
// whether the scenario passed.
//
// Usage:
//
//	go run ./cmd/torture [-scenario NAME[,NAME...]] [-scale small|full] [-json] [-v]
//
// It builds cmd/newsarchive once into a temporary directory (or uses
// -bin) and runs it as subprocesses, so SIGKILL, SIGTERM, exit statuses and
// peak RSS (VmHWM of each process) are real. Scenarios that need to see
// inside the crawler (goroutine counts, a test resolver) call the crawler
// package in-process. Every server is a generated site on 127.0.0.1;
// nothing else is contacted.
//
// Scenarios:
//
//	kill-resume      SIGKILL at random moments, restart until done: nothing lost, nothing twice
//	disk-full        the archive's filesystem fills mid-crawl (tmpfs; SKIP without mount)
//	hostile-network  429/503 with Retry-After, resets, stalls, truncated bodies
//	hostile-content  gzip bombs, huge pages, deep nesting, bad bytes, SQL and ../ in titles
//	traps-ssrf       calendars, session ids, 5 KB URLs, redirects to a decoy, page budgets
//	analysts         reader processes searching and exporting while a crawl writes
//	overlap-signals  a second crawl on the same archive; SIGTERM mid-crawl
//	soak             one long crawl sampled for RSS, fds, threads and archive growth
//
// -scale small finishes within about five minutes on two cores (CI runs
// it); -scale full is the release check. The exit status is 1 when any
// scenario fails, 2 on a usage error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	if os.Getenv(readerEnv) != "" {
		os.Exit(runReaderChild(os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(Main(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// scenario is one torture test.
type scenario struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, r *result)
}

var scenarios = []scenario{
	{"kill-resume", "SIGKILL at random moments, restarted until done", runKillResume},
	{"disk-full", "the archive's filesystem fills mid-crawl", runDiskFull},
	{"hostile-network", "throttling, resets, stalls and truncated bodies", runHostileNetwork},
	{"hostile-content", "bombs, huge pages, deep nesting, bad bytes, injection", runHostileContent},
	{"traps-ssrf", "crawler traps, out-of-scope decoy, page budgets", runTraps},
	{"analysts", "readers searching and exporting while a crawl writes", runAnalysts},
	{"overlap-signals", "a second crawl on the same archive; SIGTERM mid-crawl", runOverlapSignals},
	{"soak", "one long crawl sampled for growth", runSoak},
}

// Main runs the command and returns its exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("torture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		names   = fs.String("scenario", "", "scenarios to run, comma-separated (default all)")
		scale   = fs.String("scale", "small", "small (CI, under 5 minutes) or full (release check)")
		asJSON  = fs.Bool("json", false, "print the results as JSON")
		bin     = fs.String("bin", "", "newsarchive binary to test (default: go build ./cmd/newsarchive)")
		keep    = fs.String("keep", "", "keep archives and logs in this directory")
		seed    = fs.Uint64("seed", 0, "random seed for kill moments (0: from the clock)")
		verbose = fs.Bool("v", false, "log progress to stderr")
	)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: torture [-scenario NAME[,NAME...]] [-scale small|full] [-json] [-v] [-bin PATH] [-keep DIR] [-seed N]\n\nscenarios:\n")
		for _, s := range scenarios {
			fmt.Fprintf(stderr, "  %-16s %s\n", s.name, s.summary)
		}
		fmt.Fprintf(stderr, "\nflags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "torture: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	sp, ok := scales[*scale]
	if !ok {
		fmt.Fprintf(stderr, "torture: -scale must be small or full, got %q\n", *scale)
		return 2
	}
	var run []scenario
	if *names == "" {
		run = scenarios
	} else {
		for _, n := range strings.Split(*names, ",") {
			i := slices.IndexFunc(scenarios, func(s scenario) bool { return s.name == strings.TrimSpace(n) })
			if i < 0 {
				fmt.Fprintf(stderr, "torture: unknown scenario %q\n", n)
				return 2
			}
			run = append(run, scenarios[i])
		}
	}
	if *seed == 0 {
		*seed = uint64(time.Now().UnixNano())
	}

	e, err := newEnv(ctx, envOptions{scale: *scale, params: sp, bin: *bin, keep: *keep, seed: *seed, verbose: *verbose, log: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "torture: %v\n", err)
		return 1
	}
	defer e.close()
	e.logf("seed %d, scale %s, binary %s", *seed, *scale, e.bin)

	var results []*result
	for _, s := range run {
		if ctx.Err() != nil {
			break
		}
		r := &result{Scenario: s.name, Status: statusPass}
		start := time.Now()
		e.logf("== %s", s.name)
		func() {
			defer func() {
				if p := recover(); p != nil {
					r.fail("harness panic: %v", p)
				}
			}()
			s.run(ctx, e, r)
		}()
		r.Wall = time.Since(start)
		r.finish()
		e.logf("%s: %s in %s", s.name, r.Status, r.Wall.Round(time.Millisecond))
		results = append(results, r)
	}

	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(struct {
			Scale   string    `json:"scale"`
			Seed    uint64    `json:"seed"`
			Date    string    `json:"date"`
			Results []*result `json:"results"`
		}{*scale, *seed, time.Now().UTC().Format(time.RFC3339), results})
	} else {
		printTable(stdout, results)
	}
	for _, r := range results {
		if r.Status == statusFail {
			return 1
		}
	}
	if ctx.Err() != nil {
		return 1
	}
	return 0
}
