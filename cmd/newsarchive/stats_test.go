package main

import (
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/store"
)

func TestStatsCommand(t *testing.T) {
	path := demoArchive(t)
	code, out, errs := runMain(t, "stats", "--db", path, "--days", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// The capture day, from the archive rather than the clock, which may
	// have passed midnight since.
	var today string
	if err := openDB(t, path).QueryRow(`SELECT substr(max(first_seen_at), 1, 10) FROM articles`).Scan(&today); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"last crawl: run 1, done, finished ",
		"\nlondondaily.example\n",
		"  51 articles in the archive, last captured " + today,
		"  with a date ",
		"  last successful crawl: run 1, finished " + today,
		"  " + today + "     51 ", // the day's captures, then a bar
		"█",
		"  total          51 ",
		"  fetches: ",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("stats output lacks %q:\n%s", w, out)
		}
	}
	if n := strings.Count(out, "\n  20"); n != 3 {
		t.Errorf("%d day rows for -days 3:\n%s", n, out)
	}
	if strings.Contains(out, "warning") {
		t.Errorf("warning on a healthy demo archive:\n%s", out)
	}

	if code, out, _ := runMain(t, "stats", "--db", path, "--site", "nowhere.example"); code != 0 || !strings.Contains(out, "no articles or fetches") {
		t.Errorf("--site with nothing: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"--days", "0"}, {"--days", "9999"}, {"extra"}} {
		if code, _, _ := runMain(t, append([]string{"stats", "--db", path}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestStatsWarnings(t *testing.T) {
	day := func(d string, n, date, author, standfirst int) store.DayStats {
		return store.DayStats{Day: d, Fill: store.Fill{N: n, WithDate: date, WithAuthor: author, WithStandfirst: standfirst}}
	}
	// The template changed on the 25th: dates vanished; authors held.
	s := store.SiteStats{Site: "x.example", Days: []store.DayStats{
		day("2026-11-23", 40, 39, 40, 30),
		day("2026-11-24", 38, 38, 37, 29),
		day("2026-11-25", 35, 0, 35, 27),
		day("2026-11-26", 1, 0, 0, 0), // too few to judge; the 25th is the newest day judged
	}, Fetches: 100, FetchErrors: 30}
	got := strings.Join(warnings(s), "\n")
	want := "date fill rate fell to 0% on 2026-11-25 from 99% on the days before: has the site's template changed?\n30 of 100 fetches failed"
	if got != want {
		t.Errorf("warnings:\n%s\nwant\n%s", got, want)
	}
	s.Days[2] = day("2026-11-25", 35, 34, 35, 27)
	s.FetchErrors = 2
	if w := warnings(s); len(w) != 0 {
		t.Errorf("healthy site warned: %v", w)
	}
}
