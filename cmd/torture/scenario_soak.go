package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// runSoak runs one long crawl of a large generated site (stopped by
// --max-duration), sampling the process's RSS, threads and open file
// descriptors and the archive's size against its article count: RSS must
// plateau after warm-up, fds and threads must not grow, and the archive
// must grow linearly with its articles. A --revisit-all run follows, so
// revisits (conditional requests) are soaked too.
func runSoak(ctx context.Context, e *env, r *result) {
	n, dur := e.p.soakPages, e.p.soakFor
	s := newSite(crawltest.NewGenSite(n))
	defer s.close()
	dir := e.scratch("soak")
	path := filepath.Join(dir, "soak.db")
	r.Load = fmt.Sprintf("%d-article site, %s + revisit run", n, dur)
	r.Faults = "none (duration)"

	p, err := e.startProc(crawlArgs(path, "--max-duration", dur.String(), s.URL()+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	p.sampleEvery(time.Second)
	// The archive's size against its articles, every few seconds.
	type growth struct {
		articles int
		bytes    int64
	}
	var gs []growth
	var db *sql.DB
	for p.running() && ctx.Err() == nil {
		time.Sleep(min(dur/10, 5*time.Second))
		if db == nil {
			db, _ = openArchive(path)
		}
		if db != nil {
			if a, err := count(ctx, db, "SELECT count(*) FROM articles"); err == nil && a > 0 {
				gs = append(gs, growth{a, fileSize(path) + fileSize(path+"-wal")})
			}
		}
	}
	if !p.wait(ctx, dur+2*time.Minute) {
		r.fail("crawl did not stop at --max-duration: %s", p.describe())
		return
	}
	r.rss(p.maxRSS)
	r.expect(p.code == 0, "crawl", "%s", p.describe())
	samples := p.getSamples()
	if len(samples) < 8 {
		r.fail("only %d samples", len(samples))
		return
	}
	// Warm-up is the first quarter; compare the second quarter with the last.
	q := len(samples) / 4
	avg := func(ss []sample, f func(sample) int64) float64 {
		t := 0.0
		for _, s := range ss {
			t += float64(f(s))
		}
		return t / float64(len(ss))
	}
	rssOf := func(s sample) int64 { return s.rssKB }
	early, late := avg(samples[q:2*q], rssOf), avg(samples[3*q:], rssOf)
	span := samples[len(samples)-1].at - samples[q].at
	growthPct := 100 * (late - early) / early
	per10 := growthPct * float64(10*time.Minute) / float64(max(span, time.Second))
	// Short soaks cannot show a per-10-minute rate; they get a flat bound.
	limit := 5.0
	okRSS := per10 < limit
	if span < 10*time.Minute {
		okRSS = growthPct < 15
	}
	r.expect(okRSS, "RSS plateau", "%.0f MiB after warm-up → %.0f MiB at the end (%+.1f%% over %s; %+.1f%% per 10 min)", early/1024, late/1024, growthPct, span.Round(time.Second), per10)
	first, last := samples[q], samples[len(samples)-1]
	maxFD, maxThr := 0, 0
	for _, s := range samples[q:] {
		maxFD, maxThr = max(maxFD, s.fds), max(maxThr, s.threads)
	}
	r.expect(maxFD <= first.fds+4, "no fd growth", "%d open fds after warm-up, at most %d later, %d at the end", first.fds, maxFD, last.fds)
	r.expect(maxThr <= first.threads+4, "no thread growth", "%d threads after warm-up, at most %d later, %d at the end", first.threads, maxThr, last.threads)
	if len(gs) >= 4 {
		h := len(gs) / 2
		rate := func(a, b growth) float64 {
			return float64(b.bytes-a.bytes) / float64(max(b.articles-a.articles, 1))
		}
		r1, r2 := rate(gs[0], gs[h]), rate(gs[h], gs[len(gs)-1])
		ratio := r2 / r1
		r.expect(ratio > 0.5 && ratio < 1.5, "archive grows linearly", "%.0f KiB per article in the first half, %.0f KiB in the second (×%.2f); %d articles, %s",
			r1/1024, r2/1024, ratio, gs[len(gs)-1].articles, mib(gs[len(gs)-1].bytes))
	} else {
		r.figure("too few size samples (%d) to judge growth", len(gs))
	}
	if db != nil {
		db.Close()
	}

	// A revisit run over everything fetched: conditional requests.
	q2, err := e.startProc(crawlArgs(path, "--revisit-all", "--max-duration", (dur / 3).String(), s.URL()+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	q2.sampleEvery(time.Second)
	q2.wait(ctx, dur+2*time.Minute)
	r.rss(q2.maxRSS)
	r.expect(q2.code == 0, "revisit run", "%s", q2.describe())
	ok, detail := integrity(ctx, path)
	r.expect(ok, "integrity", "%s", detail)
	adb, err := openArchive(path)
	if err != nil {
		r.fail("open archive: %v", err)
		return
	}
	defer adb.Close()
	articles, _ := count(ctx, adb, "SELECT count(*) FROM articles")
	dups, _ := count(ctx, adb, "SELECT count(*) - count(DISTINCT canonical_url) FROM articles")
	r.Expected, r.Archived, r.Duplicated = articles, articles, dups
	r.Errors, _ = count(ctx, adb, "SELECT count(*) FROM fetches WHERE error IS NOT NULL")
	r.expect(dups == 0, "nothing twice", "%d articles archived, %d duplicates", articles, dups)
	r.figure("%d requests served; peak RSS %d MiB crawl, %d MiB revisit run", s.requests(), p.maxRSS/1024, q2.maxRSS/1024)
}
