package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// runOverlapSignals starts a crawl, then a second crawl of the same
// archive (which must exit at once, status 1, with a message, without
// writing or fetching anything), then stops the first with SIGTERM (which
// must exit within 10 s with status 143 and every page it fetched
// committed), and finally resumes to completion: nothing lost.
func runOverlapSignals(ctx context.Context, e *env, r *result) {
	n := e.p.signalPages
	s := newSite(crawltest.NewGenSite(n))
	defer s.close()
	other := newSite(crawltest.NewGenSite(5)) // the second crawl's seed: must see nothing
	defer other.close()
	dir := e.scratch("overlap-signals")
	path := filepath.Join(dir, "signals.db")
	r.Load = fmt.Sprintf("%d articles", n)
	r.Faults = "2nd crawl, SIGTERM"

	s.setIncarnation(1)
	a, err := e.startProc(crawlArgs(path, s.URL()+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	defer func() {
		if a.running() {
			a.kill()
			<-a.done
		}
	}()
	if !waitFor(ctx, 20*time.Second, func() bool { return s.requests() >= 50 || !a.running() }) || !a.running() {
		r.fail("first crawl did not get going: %s", a.describe())
		return
	}

	// The second crawl.
	db, err := openArchive(path)
	if err != nil {
		r.fail("open archive: %v", err)
		return
	}
	defer db.Close()
	runsBefore, _ := count(ctx, db, "SELECT count(*) FROM crawl_runs")
	b, err := e.run(ctx, 30*time.Second, crawlArgs(path, other.URL()+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(b.maxRSS)
	runsAfter, _ := count(ctx, db, "SELECT count(*) FROM crawl_runs")
	msg := strings.TrimSpace(b.stderr.String())
	r.expect(b.code == 1 && strings.Contains(msg, "another crawl is running"), "second crawl refused",
		"exit %d in %s: %q", b.code, b.wall.Round(time.Millisecond), msg)
	r.expect(b.wall < 2*time.Second, "refused at once", "exited after %s", b.wall.Round(time.Millisecond))
	r.expect(runsAfter == runsBefore && other.requests() == 0, "second crawl wrote nothing",
		"crawl runs %d → %d, %d requests to its seed", runsBefore, runsAfter, other.requests())

	// SIGTERM mid-crawl.
	if !waitFor(ctx, 30*time.Second, func() bool { return s.requests() >= s.gen.Resources()*2/5 || !a.running() }) || !a.running() {
		r.fail("first crawl ended before SIGTERM: %s", a.describe())
		return
	}
	a.cmd.Process.Signal(syscall.SIGTERM)
	sent := time.Now()
	a.wait(ctx, 60*time.Second)
	took := time.Since(sent)
	r.rss(a.maxRSS)
	r.expect(took <= 10*time.Second && a.code == 143, "SIGTERM", "exit %d %s after SIGTERM: %s", a.code, took.Round(time.Millisecond), a.summary())
	r.expect(strings.HasPrefix(a.summary(), "interrupted: ") && strings.Count(a.stdout.String(), "\n") == 1,
		"summary line", "%q", a.summary())

	// Every page the server sent was committed: one fetch row per request.
	logByURL, err := fetchLog(ctx, db)
	if err != nil {
		r.fail("read fetch log: %v", err)
		return
	}
	served, uncommitted := 0, 0
	var examples []string
	s.mu.Lock()
	for p, incs := range s.hits {
		if p == "/robots.txt" {
			continue
		}
		served += len(incs)
		if got := len(logByURL[s.URL()+p]); got < len(incs) {
			uncommitted += len(incs) - got
			examples = append(examples, p)
		}
	}
	s.mu.Unlock()
	status := ""
	db.QueryRowContext(ctx, "SELECT status FROM crawl_runs ORDER BY id LIMIT 1").Scan(&status)
	r.expect(uncommitted == 0, "fetched = committed", "%d requests served before SIGTERM, %d without a fetch row %s", served, uncommitted, firstN(examples, 3))
	r.expect(status == "interrupted", "run recorded", "first run recorded as %q", status)
	ok, detail := integrity(ctx, path)
	r.expect(ok, "integrity after SIGTERM", "%s", detail)

	// Resume to the end.
	s.setIncarnation(2)
	c, err := e.run(ctx, 5*time.Minute, crawlArgs(path, s.URL()+"/"))
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(c.maxRSS)
	r.expect(c.code == 0, "resume", "%s", c.describe())
	ac, err := checkArticles(ctx, db, s.articleURLs())
	if err != nil {
		r.fail("read archive: %v", err)
		return
	}
	ac.fill(r)
	r.expect(len(ac.lost) == 0 && ac.duplicated == 0, "nothing lost or twice", "%d of %d archived, %d duplicated", ac.archived, n, ac.duplicated)
	ok, detail = integrity(ctx, path)
	r.expect(ok, "integrity after resume", "%s", detail)
	if ok, detail := integrityOn(ctx, db); !ok {
		r.figure("a connection kept open across both crawls reports: %s (SQLite quirk, false alarm: a fresh connection finds nothing)", detail)
	}
}

// waitFor polls cond every 10ms until it holds, at most limit.
func waitFor(ctx context.Context, limit time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if cond() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return cond()
}
