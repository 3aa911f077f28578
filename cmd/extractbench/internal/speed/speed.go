// Package speed times HTML extractors on the benchmark pages the same way
// for every contender, so that extractbench -speed and the peer comparison
// in cmd/extractbench/compare (a module of its own, which may import this
// package because it lives under cmd/extractbench) print figures that can
// be set side by side.
//
// The method: every page is read and gunzipped into memory first. Each
// contender then runs over all pages of a dataset on one goroutine, a whole
// pass at a time; the first pass is a warm-up and is not counted. The
// contenders take turns pass by pass (interleaved), so drift in the
// machine's speed touches them alike, and the heap is collected before
// every pass so that no contender pays for another's garbage. The figure
// kept is the median pass. Allocation is read from runtime.MemStats over
// the counted passes.
package speed

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"
)

// Page is one benchmark page, gunzipped.
type Page struct {
	ID   string
	URL  string // the page's original URL from truth.jsonl
	Body []byte // raw bytes as archived, not charset-decoded
}

// Dataset is one folder of the bench, all pages in memory.
type Dataset struct {
	Name  string
	Pages []Page // sorted by id
	Bytes int64  // total of len(Body)
}

// ErrNoData means the folder holds no dataset.
var ErrNoData = errors.New("no benchmark data")

// Load reads the datasets under dir (folders holding truth.jsonl and
// pages/). With names, only those are read, in that order; otherwise every
// dataset, sorted by name.
func Load(dir string, names ...string) ([]*Dataset, error) {
	if len(names) == 0 {
		entries, err := os.ReadDir(dir)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				return nil, ErrNoData
			}
			return nil, fmt.Errorf("read data folder: %w", err)
		}
		for _, e := range entries {
			if e.IsDir() && isFile(filepath.Join(dir, e.Name(), "truth.jsonl")) {
				names = append(names, e.Name())
			}
		}
		slices.Sort(names)
	}
	if len(names) == 0 {
		return nil, ErrNoData
	}
	var out []*Dataset
	for _, name := range names {
		d, err := loadDataset(filepath.Join(dir, name), name)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func loadDataset(dir, name string) (*Dataset, error) {
	f, err := os.Open(filepath.Join(dir, "truth.jsonl"))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%w: no dataset %s in %s", ErrNoData, name, filepath.Dir(dir))
		}
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	defer f.Close()
	d := &Dataset{Name: name}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var t struct{ ID, URL string }
		if err := json.Unmarshal(line, &t); err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		body, err := gunzip(filepath.Join(dir, "pages", t.ID+".html.gz"))
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", name, err)
		}
		d.Pages = append(d.Pages, Page{ID: t.ID, URL: t.URL, Body: body})
		d.Bytes += int64(len(body))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("load %s: %w", name, err)
	}
	slices.SortFunc(d.Pages, func(a, b Page) int { return strings.Compare(a.ID, b.ID) })
	return d, nil
}

func gunzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("gunzip %s: %w", filepath.Base(path), err)
	}
	return io.ReadAll(zr)
}

// Method is one contender: Run does the whole job for one page, from the
// raw bytes to the extracted text, and returns an error when it fails.
type Method struct {
	Name string
	Run  func(p *Page) error
}

// Options tune Measure. The zero value works.
type Options struct {
	// Reps is the number of counted passes per method; 0 means 5.
	Reps int
	// CPUs sets GOMAXPROCS while measuring; 0 means 1, so the garbage
	// collector's work is charged to the same core as the extraction
	// (CPU per page, not wall time on an idle machine). Negative leaves
	// GOMAXPROCS alone.
	CPUs int
	// Progress, when set, is called after every pass.
	Progress func(method string, rep int, d time.Duration)
}

// Result is one method's figures on one dataset.
type Result struct {
	Method         string          `json:"method"`
	Pages          int             `json:"pages"`
	MsPerPage      float64         `json:"ms_per_page"`       // median pass ÷ pages
	MBPerSec       float64         `json:"mb_per_s"`          // dataset MB (10^6 bytes) ÷ median pass
	AllocMBPerPage float64         `json:"alloc_mb_per_page"` // heap allocated per page
	Errors         int             `json:"errors"`            // pages the method failed on, per pass
	GOMAXPROCS     int             `json:"gomaxprocs"`        // while timing
	Passes         []time.Duration `json:"-"`
}

// Measure runs every method over d as the package comment says and returns
// one Result per method, in the order given.
func Measure(ctx context.Context, d *Dataset, methods []Method, opt Options) ([]Result, error) {
	reps := opt.Reps
	if reps <= 0 {
		reps = 5
	}
	cpus := opt.CPUs
	if cpus == 0 {
		cpus = 1
	}
	if cpus > 0 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(cpus))
	}
	res := make([]Result, len(methods))
	alloc := make([]uint64, len(methods))
	for i, m := range methods {
		res[i] = Result{Method: m.Name, Pages: len(d.Pages), GOMAXPROCS: runtime.GOMAXPROCS(0)}
	}
	var ms runtime.MemStats
	for rep := 0; rep <= reps; rep++ { // rep 0 is the warm-up
		for i, m := range methods {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			runtime.GC()
			runtime.ReadMemStats(&ms)
			before := ms.TotalAlloc
			errs := 0
			start := time.Now()
			for j := range d.Pages {
				if m.Run(&d.Pages[j]) != nil {
					errs++
				}
			}
			el := time.Since(start)
			runtime.ReadMemStats(&ms)
			if opt.Progress != nil {
				opt.Progress(m.Name, rep, el)
			}
			if rep == 0 {
				res[i].Errors = errs
				continue
			}
			alloc[i] += ms.TotalAlloc - before
			res[i].Passes = append(res[i].Passes, el)
		}
	}
	for i := range res {
		r := &res[i]
		med := median(r.Passes)
		if n := len(d.Pages); n > 0 {
			r.MsPerPage = round(float64(med)/1e6/float64(n), 3)
			r.AllocMBPerPage = round(float64(alloc[i])/1e6/float64(reps)/float64(n), 3)
		}
		if med > 0 {
			r.MBPerSec = round(float64(d.Bytes)/1e6/med.Seconds(), 1)
		}
	}
	return res, nil
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func round(v float64, places int) float64 {
	p := 1.0
	for range places {
		p *= 10
	}
	if v < 0 {
		return float64(int64(v*p-0.5)) / p
	}
	return float64(int64(v*p+0.5)) / p
}

// Ratio is a column of quotients: each method's ms/page ÷ the ms/page of
// the method named Of.
type Ratio struct {
	Header string
	Of     string
}

// WriteTable prints the results of one dataset as an aligned text table.
func WriteTable(w io.Writer, d *Dataset, results []Result, ratios ...Ratio) error {
	var b strings.Builder
	fmt.Fprintf(&b, "== %s: %d pages, %.1f MB, median of %d passes, GOMAXPROCS=%d\n",
		d.Name, len(d.Pages), float64(d.Bytes)/1e6, passes(results), gomaxprocs(results))
	nameW := len("method")
	for _, r := range results {
		nameW = max(nameW, len(r.Method))
	}
	fmt.Fprintf(&b, "%-*s  %9s  %8s  %12s", nameW, "method", "ms/page", "MB/s", "alloc MB/pg")
	for _, rt := range ratios {
		fmt.Fprintf(&b, "  %*s", max(9, len(rt.Header)), rt.Header)
	}
	fmt.Fprintf(&b, "  %6s\n", "errors")
	for _, r := range results {
		fmt.Fprintf(&b, "%-*s  %9.3f  %8.1f  %12.2f", nameW, r.Method, r.MsPerPage, r.MBPerSec, r.AllocMBPerPage)
		for _, rt := range ratios {
			cell := "-"
			if ref := find(results, rt.Of); ref != nil && ref.MsPerPage > 0 && r.MsPerPage > 0 {
				cell = fmt.Sprintf("%.2f", r.MsPerPage/ref.MsPerPage)
			}
			fmt.Fprintf(&b, "  %*s", max(9, len(rt.Header)), cell)
		}
		fmt.Fprintf(&b, "  %6d\n", r.Errors)
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func passes(results []Result) int {
	if len(results) == 0 {
		return 0
	}
	return len(results[0].Passes)
}

func gomaxprocs(results []Result) int {
	if len(results) == 0 {
		return 0
	}
	return results[0].GOMAXPROCS
}

func find(results []Result, name string) *Result {
	for i := range results {
		if results[i].Method == name {
			return &results[i]
		}
	}
	return nil
}

// WriteJSON prints results keyed by dataset name as one indented JSON object.
func WriteJSON(w io.Writer, v map[string][]Result) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
