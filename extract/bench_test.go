package extract_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
	"github.com/newsarchive/newsarchive/extract"
)

// The benchmarks track the extractor's cost for regressions; the figures
// that compare it with html.Parse and with the peers come from
// go run ./cmd/extractbench -speed and cmd/extractbench/compare.
//
//	go test -run '^$' -bench . -benchtime 5x ./extract/
//	go test -run '^$' -bench 'Parse/scrapinghub' -benchtime 5x -cpuprofile cpu.out ./extract/
//	go tool pprof -top extract.test cpu.out
//
// BenchmarkParse and BenchmarkHTMLParse have the same sub-benchmarks; one
// op is one pass over all the pages of the set, and ms/page is reported.
// BenchmarkParse also reports its ratio to html.Parse on the same pages
// (x_html.Parse), the floor being timed just before the loop.

// benchDir is the shared benchmark data beside the project.
var benchDir = filepath.Join("..", "..", "shared", "bench")

type benchPage struct {
	url  string
	body []byte
}

// benchSets returns the page sets by name: the London Daily seed article
// and ten generated 85 KB articles (the pages cmd/crawlbench crawls)
// always, the scrapinghub pages when ../shared/bench is there.
func benchSets(b *testing.B) (names []string, sets map[string][]benchPage) {
	b.Helper()
	seed, ok := crawltest.LondonDailyPage(crawltest.SeedPath)
	if !ok {
		b.Fatal("no London Daily seed page")
	}
	sets = map[string][]benchPage{
		"londondaily": {{url: crawltest.LondonDailyHost + crawltest.SeedPath, body: seed}},
	}
	names = append(names, "londondaily")
	site := crawltest.NewGenSite(1000)
	for i := range 10 {
		p := site.ArticlePath(i * 97)
		body, _, _ := site.Page("http://127.0.0.1:8080", p)
		sets["gensite"] = append(sets["gensite"], benchPage{url: "http://127.0.0.1:8080" + p, body: body})
	}
	names = append(names, "gensite")
	dir := filepath.Join(benchDir, "scrapinghub")
	if _, err := os.Stat(filepath.Join(dir, "truth.jsonl")); err != nil {
		b.Logf("scrapinghub pages skipped: %s not found (the shared bench lives beside the project)", dir)
		return names, sets
	}
	pages, err := loadBenchPages(dir)
	if err != nil {
		b.Fatal(err)
	}
	sets["scrapinghub"] = pages
	return append(names, "scrapinghub"), sets
}

func loadBenchPages(dir string) ([]benchPage, error) {
	f, err := os.Open(filepath.Join(dir, "truth.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var pages []benchPage
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var t struct{ ID, URL string }
		if err := json.Unmarshal(sc.Bytes(), &t); err != nil {
			return nil, err
		}
		gz, err := os.ReadFile(filepath.Join(dir, "pages", t.ID+".html.gz"))
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			return nil, err
		}
		pages = append(pages, benchPage{url: t.URL, body: body})
	}
	return pages, sc.Err()
}

func totalBytes(pages []benchPage) int64 {
	var n int64
	for _, p := range pages {
		n += int64(len(p.body))
	}
	return n
}

var benchFetched = time.Date(2026, 1, 14, 12, 0, 0, 0, time.UTC)

func parseAll(b *testing.B, pages []benchPage) {
	for _, p := range pages {
		if _, err := extract.Parse(p.body, extract.Options{URL: p.url, FetchedAt: benchFetched}); err != nil {
			b.Fatalf("parse %s: %v", p.url, err)
		}
	}
}

func htmlParseAll(b *testing.B, pages []benchPage) {
	for _, p := range pages {
		if _, err := html.Parse(bytes.NewReader(p.body)); err != nil {
			b.Fatalf("html.Parse %s: %v", p.url, err)
		}
	}
}

// floorPerPass times html.Parse over pages: the best of three passes.
func floorPerPass(b *testing.B, pages []benchPage) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		htmlParseAll(b, pages)
		best = min(best, time.Since(start))
	}
	return best
}

func reportPerPage(b *testing.B, pages []benchPage, elapsed time.Duration) time.Duration {
	perPass := elapsed / time.Duration(b.N)
	b.ReportMetric(float64(perPass)/1e6/float64(len(pages)), "ms/page")
	return perPass
}

func BenchmarkParse(b *testing.B) {
	names, sets := benchSets(b)
	for _, name := range names {
		pages := sets[name]
		b.Run(name, func(b *testing.B) {
			floor := floorPerPass(b, pages)
			parseAll(b, pages) // warm-up
			b.SetBytes(totalBytes(pages))
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for b.Loop() {
				parseAll(b, pages)
			}
			perPass := reportPerPage(b, pages, time.Since(start))
			b.ReportMetric(float64(perPass)/float64(floor), "x_html.Parse")
		})
	}
}

func BenchmarkHTMLParse(b *testing.B) {
	names, sets := benchSets(b)
	for _, name := range names {
		pages := sets[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(totalBytes(pages))
			b.ReportAllocs()
			start := time.Now()
			for b.Loop() {
				htmlParseAll(b, pages)
			}
			reportPerPage(b, pages, time.Since(start))
		})
	}
}
