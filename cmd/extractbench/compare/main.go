// Compare times newsarchive's extractor against its Go peers on the
// benchmark pages in ../shared/bench, in one process, with the same bytes
// and the same timing code as extractbench -speed (package
// cmd/extractbench/internal/speed). It is a module of its own so that the
// product's go.mod never depends on the peers; it reaches newsarchive
// through a replace directive.
//
// Usage, from this folder:
//
//	go run . [-data ../../../../shared/bench] [-reps N] [-cpus N] [-datasets A,B] [-json] [-v]
//
// The contenders, each given the raw page bytes and the page URL:
//
//	html.Parse             x/net/html alone: the floor
//	newsarchive            extract.Parse, every field
//	trafilatura            go-trafilatura Extract with the zero Options
//	                       (its library default: no fallback)
//	trafilatura+fallback   the same with EnableFallback, as its CLI runs it
//	                       (readability and dom-distiller as fallbacks)
//	readability            readeck go-readability v2 FromReader, then
//	                       RenderText to get the body text
//
// The table shows each one's ms/page, MB/s and heap allocated per page,
// its ratio to html.Parse and its ratio to newsarchive (the goals:
// trafilatura ≥ 4, readability ≥ 1.1). Default datasets: scrapinghub.
//
// The crawl counterpart, newsarchive's crawl against a colly +
// go-trafilatura + SQLite pipeline on cmd/crawlbench's generated site, is
// the command in ./crawlpeer (go run ./crawlpeer -pages 1000,5000).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"

	"github.com/newsarchive/newsarchive/cmd/extractbench/internal/speed"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintf(os.Stderr, "compare: %v\n", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "../../../../shared/bench", "benchmark `folder` holding one sub-folder per dataset")
	reps := fs.Int("reps", 5, "counted passes per method (median kept)")
	cpus := fs.Int("cpus", 1, "GOMAXPROCS while timing")
	datasets := fs.String("datasets", "scrapinghub", "comma-separated dataset `names`")
	only := fs.String("methods", "", "comma-separated method `names` to time (default all)")
	asJSON := fs.Bool("json", false, "print the figures as one JSON object")
	verbose := fs.Bool("v", false, "log every pass")
	if err := fs.Parse(args); err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	sets, err := speed.Load(*data, strings.Split(*datasets, ",")...)
	if err != nil {
		return fmt.Errorf("%w (pass -data)", err)
	}
	methods := selectMethods(allMethods(), *only)
	ratios := []speed.Ratio{
		{Header: "÷ html.Parse", Of: speed.HTMLParseName},
		{Header: "÷ newsarchive", Of: speed.OursName},
	}
	opt := speed.Options{Reps: *reps, CPUs: *cpus, Progress: func(m string, rep int, d time.Duration) {
		logger.Debug("pass", "method", m, "rep", rep, "elapsed", d.Round(time.Millisecond))
	}}
	all := make(map[string][]speed.Result)
	for _, d := range sets {
		logger.Info("timing", "dataset", d.Name, "pages", len(d.Pages), "methods", len(methods))
		res, err := speed.Measure(ctx, d, methods, opt)
		if err != nil {
			return err
		}
		all[d.Name] = res
		if !*asJSON {
			if err := speed.WriteTable(stdout, d, res, ratios...); err != nil {
				return err
			}
		}
	}
	if *asJSON {
		return speed.WriteJSON(stdout, all)
	}
	return nil
}

func selectMethods(ms []speed.Method, only string) []speed.Method {
	if only == "" {
		return ms
	}
	keep := strings.Split(only, ",")
	var out []speed.Method
	for _, m := range ms {
		for _, k := range keep {
			if m.Name == k {
				out = append(out, m)
			}
		}
	}
	return out
}

func allMethods() []speed.Method {
	return []speed.Method{
		speed.HTMLParse(),
		speed.Ours(),
		trafilaturaMethod("trafilatura", false),
		trafilaturaMethod("trafilatura+fallback", true),
		readabilityMethod(),
	}
}

// trafilaturaMethod runs go-trafilatura as configured by default; the text
// it returns (ContentText) is the body.
func trafilaturaMethod(name string, fallback bool) speed.Method {
	return speed.Method{Name: name, Run: func(p *speed.Page) error {
		u, _ := url.Parse(p.URL)
		_, err := trafilatura.Extract(bytes.NewReader(p.Body), trafilatura.Options{OriginalURL: u, EnableFallback: fallback})
		return err
	}}
}

// readabilityMethod runs readeck go-readability with its default parser and
// renders the article's text, which is what a body field needs.
func readabilityMethod() speed.Method {
	return speed.Method{Name: "readability", Run: func(p *speed.Page) error {
		u, _ := url.Parse(p.URL)
		a, err := readability.FromReader(bytes.NewReader(p.Body), u)
		if err != nil {
			return err
		}
		if a.Node == nil {
			return nil
		}
		var b bytes.Buffer
		return a.RenderText(&b)
	}}
}
