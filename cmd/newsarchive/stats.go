package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/store"
)

func init() {
	register(&command{name: "stats", summary: "per-site health: articles per day, field fill rates, fetch errors, last crawl", run: runStats})
}

// maxStatsDays bounds -days to something a terminal can show.
const maxStatsDays = 366

func runStats(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("stats", "[flags]", stderr)
	db := fs.String("db", "news.db", "SQLite archive to read")
	site := fs.String("site", "", "only this site, as in the site column")
	days := fs.Int("days", store.DefaultStatsDays, "days to show, today (UTC) included")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("stats takes no arguments, got %q", fs.Arg(0))
	}
	if *days < 1 || *days > maxStatsDays {
		return usagef("-days must be from 1 to %d, got %d", maxStatsDays, *days)
	}
	archive, err := openArchive(ctx, *db)
	if err != nil {
		return err
	}
	defer archive.Close()
	st, err := archive.Stats(ctx, store.StatsOptions{Site: *site, Days: *days, Now: time.Now()})
	if err != nil {
		return err
	}
	printStats(stdout, *db, st)
	return nil
}

func printStats(w io.Writer, db string, st *store.Stats) {
	fmt.Fprintf(w, "%s: %s to %s (UTC days of capture)\n", db, st.From, st.To)
	switch {
	case st.LastRun == nil:
		fmt.Fprintln(w, "no crawl recorded")
	default:
		fmt.Fprintf(w, "last crawl: %s\n", describeRun(st.LastRun))
		if st.LastRun.Status != store.RunDone {
			if st.LastDone != nil {
				fmt.Fprintf(w, "last successful crawl: %s\n", describeRun(st.LastDone))
			} else {
				fmt.Fprintln(w, "last successful crawl: none")
			}
		}
	}
	if len(st.Sites) == 0 {
		fmt.Fprintln(w, "\nno articles or fetches for this selection")
	}
	for _, s := range st.Sites {
		printSite(w, s)
	}
}

func describeRun(r *store.Run) string {
	end := r.FinishedAt
	if end == "" {
		end = "started " + r.StartedAt
	} else {
		end = "finished " + end
	}
	return fmt.Sprintf("run %d, %s, %s (%d pages, %d articles, %d errors)",
		r.ID, r.Status, end, r.PagesFetched, r.ArticlesStored, r.Errors)
}

const barWidth = 30

func printSite(w io.Writer, s store.SiteStats) {
	fmt.Fprintf(w, "\n%s\n", s.Site)
	if s.All.N > 0 {
		fmt.Fprintf(w, "  %d %s in the archive, last captured %s\n", s.All.N, plural(s.All.N, "article", "articles"), s.LastCapturedAt)
		fmt.Fprintf(w, "  with a date %s, an author %s, a standfirst %s\n",
			pct(s.All, s.All.WithDate), pct(s.All, s.All.WithAuthor), pct(s.All, s.All.WithStandfirst))
	} else {
		fmt.Fprintln(w, "  no articles in the archive")
	}
	if s.LastDoneRun != nil {
		fmt.Fprintf(w, "  last successful crawl: run %d, finished %s\n", s.LastDoneRun.ID, s.LastDoneRun.FinishedAt)
	} else {
		fmt.Fprintln(w, "  last successful crawl: none stored an article of this site")
	}

	top := 0
	for _, d := range s.Days {
		top = max(top, d.N)
	}
	fmt.Fprintf(w, "  %-10s %6s %5s %6s %10s\n", "captured", "new", "date", "author", "standfirst")
	for _, d := range s.Days {
		bar := ""
		if top > 0 && d.N > 0 {
			bar = strings.Repeat("█", max(1, d.N*barWidth/top))
		}
		line := fmt.Sprintf("  %-10s %6d %5s %6s %10s  %s", d.Day, d.N,
			pct(d.Fill, d.WithDate), pct(d.Fill, d.WithAuthor), pct(d.Fill, d.WithStandfirst), bar)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	fmt.Fprintf(w, "  %-10s %6d %5s %6s %10s\n", "total", s.Window.N,
		pct(s.Window, s.Window.WithDate), pct(s.Window, s.Window.WithAuthor), pct(s.Window, s.Window.WithStandfirst))

	fmt.Fprintf(w, "  fetches: %d, %d failed", s.Fetches, s.FetchErrors)
	if s.Fetches > 0 && s.FetchErrors > 0 {
		fmt.Fprintf(w, " (%d%%)", s.FetchErrors*100/s.Fetches)
	}
	fmt.Fprintln(w)
	for _, e := range s.TopErrors {
		fmt.Fprintf(w, "    %5d × %s\n", e.N, oneLine(e.Error))
	}
	for _, warn := range warnings(s) {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
}

// pct formats part of f.N as a whole percentage, "-" when there is nothing
// to divide.
func pct(f store.Fill, part int) string {
	r := f.Rate(part)
	if r < 0 {
		return "-"
	}
	return fmt.Sprintf("%d%%", int(r*100+0.5))
}

// Thresholds for warnings: a day needs minDayArticles articles, and the
// days before it minBaseArticles, before a fall in a fill rate of at least
// minDrop is called out; more than maxErrorShare of fetches failing is too.
const (
	minDayArticles  = 3
	minBaseArticles = 5
	minDrop         = 0.25
	maxErrorShare   = 0.2
)

// warnings flags what a researcher should look at: a field whose fill
// rate fell on the newest day with captures, compared with the days
// before it in the window — the sign of a template change — and a high
// share of failed fetches.
func warnings(s store.SiteStats) []string {
	var out []string
	last := -1
	for i := len(s.Days) - 1; i >= 0; i-- {
		if s.Days[i].N >= minDayArticles {
			last = i
			break
		}
	}
	if last > 0 {
		var base store.Fill
		for _, d := range s.Days[:last] {
			base.N += d.N
			base.WithDate += d.WithDate
			base.WithAuthor += d.WithAuthor
			base.WithStandfirst += d.WithStandfirst
		}
		day := s.Days[last]
		if base.N >= minBaseArticles {
			for _, f := range []struct {
				name      string
				now, then int
			}{
				{"date", day.WithDate, base.WithDate},
				{"author", day.WithAuthor, base.WithAuthor},
				{"standfirst", day.WithStandfirst, base.WithStandfirst},
			} {
				if base.Rate(f.then)-day.Rate(f.now) >= minDrop {
					out = append(out, fmt.Sprintf("%s fill rate fell to %s on %s from %s on the days before: has the site's template changed?",
						f.name, pct(day.Fill, f.now), day.Day, pct(base, f.then)))
				}
			}
		}
	}
	if s.Fetches > 0 && float64(s.FetchErrors)/float64(s.Fetches) > maxErrorShare {
		out = append(out, fmt.Sprintf("%d of %d fetches failed", s.FetchErrors, s.Fetches))
	}
	return out
}
