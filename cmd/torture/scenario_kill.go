package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// runKillResume crawls a generated site, killing the crawler with SIGKILL
// at random moments (timed by the server's request count, so kills land
// mid-request, mid-extraction and mid-commit), and restarts it until a run
// finishes. Then every article must be archived exactly once, the archive
// must pass its integrity checks, and no article page may have been
// requested again after a fetch of it was committed.
func runKillResume(ctx context.Context, e *env, r *result) {
	n, kills := e.p.killPages, e.p.kills
	const parallel = 4
	s := newSite(crawltest.NewGenSite(n))
	defer s.close()
	dir := e.scratch("kill-resume")
	path := filepath.Join(dir, "kill.db")
	args := crawlArgs(path, s.URL()+"/")
	r.Load = fmt.Sprintf("%d articles, parallel %d", n, parallel)

	// Each kill comes after a random number of requests, about twice the
	// fair share of what is left, so kills spread over the whole crawl.
	resources := s.gen.Resources()
	killed, incarnation := 0, 0
	var finished *proc
	for killed < kills && ctx.Err() == nil {
		incarnation++
		s.setIncarnation(incarnation)
		left := max(resources-s.distinct(), 1)
		target := s.requests() + 1 + e.intn(max(2*left/(kills-killed+1), 1))
		jitter := time.Duration(e.intn(4000)) * time.Microsecond
		p, err := e.startProc(args)
		if err != nil {
			r.fail("%v", err)
			return
		}
		fired := make(chan struct{})
		s.setHook(func(total int) {
			if total == target {
				close(fired)
				if jitter < time.Millisecond {
					p.kill() // in the handler: the request is in flight
				} else {
					time.AfterFunc(jitter, p.kill) // between requests, mid-commit
				}
			}
		})
		ended := p.wait(ctx, 60*time.Second)
		s.setHook(nil)
		r.rss(p.maxRSS)
		select {
		case <-fired:
			if p.signal != 0 {
				killed++
				continue
			}
		default:
		}
		if !ended {
			r.fail("run %d hung for 60s: %s", incarnation, p.describe())
			return
		}
		if p.code != 0 {
			r.fail("run %d: %s", incarnation, p.describe())
			return
		}
		finished = p // the crawl finished before the kill came
		break
	}
	// Restart until a run finishes by itself.
	for tries := 0; finished == nil && tries < 3 && ctx.Err() == nil; tries++ {
		incarnation++
		s.setIncarnation(incarnation)
		p, err := e.run(ctx, 5*time.Minute, args)
		if p != nil {
			r.rss(p.maxRSS)
		}
		if err != nil {
			r.fail("%v", err)
			return
		}
		if p.code == 0 {
			finished = p
		} else {
			e.logf("final run %d: %s", incarnation, p.describe())
		}
	}
	r.Faults = fmt.Sprintf("%d × SIGKILL", killed)
	if !r.expect(finished != nil, "finishes", "a run after the kills exits 0") {
		return
	}
	r.figure("last run: %s", finished.summary())
	r.expect(killed == kills, "kills", "%d of %d planned kills landed on a running crawl (%d runs)", killed, kills, incarnation)

	ok, detail := integrity(ctx, path)
	r.expect(ok, "integrity", "%s", detail)
	db, c := readArchive(ctx, r, path, s.articleURLs())
	if db == nil {
		return
	}
	defer db.Close()
	r.expect(len(c.lost) == 0, "nothing lost", "%d of %d articles archived; lost: %s", c.archived, n, firstN(c.lost, 3))
	r.expect(c.duplicated == 0 && len(c.unexpected) == 0, "nothing twice", "%d duplicate rows or storing fetches, %d unexpected articles", c.duplicated, len(c.unexpected))
	r.expect(c.errors == 0, "no fetch errors", "%d fetch rows with an error", c.errors)
	queued, _ := count(ctx, db, "SELECT count(*) FROM frontier WHERE state = 'queued'")
	running, _ := count(ctx, db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'")
	r.expect(queued == 0 && running == 0, "frontier drained", "%d URLs still queued, %d runs left 'running'", queued, running)

	// No page requested again after a fetch of it was committed. Run ids
	// and incarnations are both in start order; every incarnation made a
	// request (kills are triggered by requests), so each has a run row.
	ids, _, err := runIDs(ctx, db)
	if err != nil {
		r.fail("read runs: %v", err)
		return
	}
	incOf := map[int64]int{}
	for i, id := range ids {
		incOf[id] = i + 1
	}
	logByURL, err := fetchLog(ctx, db)
	if err != nil {
		r.fail("read fetch log: %v", err)
		return
	}
	refetched, inflightLost := 0, 0
	var examples []string
	mapped := len(ids) == incarnation
	for i := range n {
		p := s.gen.ArticlePath(i)
		hits := s.hitsOf(p)
		rows := logByURL[s.URL()+p]
		commit := 0 // incarnation of the first committed fetch
		for _, f := range rows {
			if f.err == "" && f.status == 200 {
				commit = incOf[f.runID]
				break
			}
		}
		if commit == 0 {
			continue // lost: counted above
		}
		after := 0
		for _, inc := range hits {
			switch {
			case inc < commit:
				inflightLost++ // in flight when a run was killed
			case inc >= commit:
				after++
			}
		}
		if after > 1 {
			refetched += after - 1
			examples = append(examples, fmt.Sprintf("%s requested %d× from run %d on", p, after, commit))
		}
	}
	if !mapped {
		r.figure("run rows (%d) do not match process starts (%d): the re-fetch check is approximate", len(ids), incarnation)
	}
	r.expect(refetched == 0, "no re-fetch after commit", "%d article requests after their page was committed %s", refetched, firstN(examples, 3))
	// A kill loses the pages between their request and their commit,
	// which the crawler's worker pool bounds.
	maxLost := killed * crawler.Workers(parallel)
	r.expect(inflightLost <= maxLost, "in-flight loss bounded", "%d article requests lost in flight at %d kills (at most %d allowed)", inflightLost, killed, maxLost)
	r.figure("%d requests served for %d resources; %d fetch rows; %d runs", s.requests(), resources, c.fetches, len(ids))
	if len(c.unexpected) > 0 {
		r.figure("unexpected: %s", strings.Join(c.unexpected[:min(3, len(c.unexpected))], ", "))
	}
}
