package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// runDiskFull crawls into an archive on a small tmpfs, so the filesystem
// fills mid-crawl: the crawl must stop with a clear error and a non-zero
// exit, the archive must pass its integrity checks, and after the
// filesystem is grown the next run must complete with nothing lost.
// (PRAGMA max_page_count is per connection and the product sets its
// pragmas in the DSN, so a real full filesystem is the honest test.)
func runDiskFull(ctx context.Context, e *env, r *result) {
	n := e.p.diskPages
	dir := e.scratch("disk-full")
	mnt := filepath.Join(dir, "fs")
	os.MkdirAll(mnt, 0o755)
	r.Load = fmt.Sprintf("%d articles on a %s tmpfs", n, e.p.diskFS)
	if out, err := exec.CommandContext(ctx, "mount", "-t", "tmpfs", "-o", "size="+e.p.diskFS, "tmpfs", mnt).CombinedOutput(); err != nil {
		r.skip("cannot mount a tmpfs (%s): %s", err, strings.TrimSpace(string(out)))
		return
	}
	defer func() {
		if out, err := exec.Command("umount", mnt).CombinedOutput(); err != nil {
			e.logf("umount %s: %v %s; lazy unmount", mnt, err, out)
			exec.Command("umount", "-l", mnt).Run()
		}
	}()
	s := newSite(crawltest.NewGenSite(n))
	defer s.close()
	path := filepath.Join(mnt, "disk.db")
	args := crawlArgs(path, s.URL()+"/")

	p, err := e.run(ctx, 3*time.Minute, args)
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(p.maxRSS)
	msg := strings.TrimSpace(p.stderr.String())
	full := strings.Contains(msg, "full") || strings.Contains(msg, "no space")
	r.Faults = "ENOSPC"
	r.expect(p.code != 0 && p.signal == 0, "stops with an error", "%s", p.describe())
	r.expect(full, "clear message", "stderr names the full disk: %q", firstLine(msg))
	r.figure("archive at failure: %s + %s WAL", mib(fileSize(path)), mib(fileSize(path+"-wal")))

	ok, detail := integrity(ctx, path)
	r.expect(ok, "integrity when full", "%s", detail)
	before := 0
	if db, err := openArchive(path); err == nil {
		before, _ = count(ctx, db, "SELECT count(*) FROM articles")
		_, st, _ := runIDs(ctx, db)
		r.figure("%d articles archived before the disk filled; runs: %s", before, strings.Join(st, ", "))
		db.Close()
	}

	// Room again: the next run completes.
	if out, err := exec.CommandContext(ctx, "mount", "-o", "remount,size="+e.p.diskRoom, mnt).CombinedOutput(); err != nil {
		r.fail("remount with room: %v %s", err, out)
		return
	}
	q, err := e.run(ctx, 5*time.Minute, args)
	if err != nil {
		r.fail("%v", err)
		return
	}
	r.rss(q.maxRSS)
	r.expect(q.code == 0, "next run completes", "%s", q.describe())
	ok, detail = integrity(ctx, path)
	r.expect(ok, "integrity after", "%s", detail)
	db, c := readArchive(ctx, r, path, s.articleURLs())
	if db == nil {
		return
	}
	defer db.Close()
	r.expect(len(c.lost) == 0 && c.duplicated == 0, "nothing lost", "%d of %d archived (%d before the disk filled), %d duplicated", c.archived, n, before, c.duplicated)
	running, _ := count(ctx, db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'")
	r.expect(running == 0, "runs closed", "%d runs left 'running'", running)
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
