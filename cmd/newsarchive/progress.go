package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-isatty"

	"github.com/newsarchive/newsarchive/crawler"
)

// progressLine is the live status line of a crawl on a terminal. Cron
// jobs (no terminal) get none: only log records and the summary line.
type progressLine struct {
	mu    sync.Mutex
	w     io.Writer
	shown bool
	last  crawler.Stats
}

// newProgress returns a progress line on w when w is a terminal, else nil.
func newProgress(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	if !ok || !(isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())) {
		return nil
	}
	return &progressLine{w: w}
}

// update redraws the line; it is the crawler's Config.Progress.
func (p *progressLine) update(st crawler.Stats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	rate := 0.0
	if s := st.Elapsed.Seconds(); s > 0 {
		rate = float64(st.PagesFetched) / s
	}
	line := fmt.Sprintf("%s  fetched %d (%.1f/s), queued %d, in flight %d, articles %d, not modified %d, retries %d, errors %d%s",
		st.Elapsed.Round(time.Second), st.PagesFetched, rate, st.Queued, st.InFlight,
		st.Articles, st.NotModified, st.Retries, st.Errors, busiest(st))
	fmt.Fprintf(p.w, "\r\033[K%s", line)
	p.shown = true
	p.last = st
}

// busiest names the hosts with the most fetches so far.
func busiest(st crawler.Stats) string {
	type hc struct {
		host string
		n    int
	}
	var hs []hc
	for h, s := range st.Hosts {
		hs = append(hs, hc{h, s.Fetched})
	}
	if len(hs) < 2 {
		return ""
	}
	sort.Slice(hs, func(i, j int) bool { return hs[i].n > hs[j].n })
	var parts []string
	for _, h := range hs[:min(3, len(hs))] {
		parts = append(parts, fmt.Sprintf("%s %d", h.host, h.n))
	}
	return "  [" + strings.Join(parts, ", ") + "]"
}

// clear removes the line before the summary is printed.
func (p *progressLine) clear() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
