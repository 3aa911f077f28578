package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/crawler"
	"github.com/newsarchive/newsarchive/crawler/crawltest"
)

// TestMain lets the test binary stand in for the newsarchive binary: with
// NEWSARCHIVE_AS_MAIN=1 it runs main() on its arguments, so subprocess
// tests (kill -9, signals) need no separate build.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSARCHIVE_AS_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// newsarchiveCmd returns the test binary set up to run as newsarchive.
func newsarchiveCmd(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "NEWSARCHIVE_AS_MAIN=1", "NEWSARCHIVE_TIME_SCALE=0.01")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	return cmd, &out, &errb
}

// TestCrawlResumesAfterKill kills a crawl with SIGKILL at random moments
// and restarts it until it finishes: every article must be archived, and
// stored by exactly one committed fetch (nothing archived is fetched
// again, nothing is lost).
func TestCrawlResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	h := (&crawltest.NewsHost{Name: "Kill Gazette", Articles: 200, Linked: 40}).Start()
	defer h.Close()
	path := filepath.Join(t.TempDir(), "kill.db")
	args := []string{"crawl", "--db", path, "--allow-private", "--delay", "8ms", "--parallel", "4", h.URL() + "/"}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 1))
	t.Logf("seed %d", seed)
	for i := range 5 {
		cmd, _, errb := newsarchiveCmd(t, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+rng.IntN(400)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no cleanup at all
		err := cmd.Wait()
		t.Logf("run %d: %v %s", i, err, strings.TrimSpace(errb.String()))
	}
	cmd, out, errb := newsarchiveCmd(t, args...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("final run: %v\n%s\n%s", err, out, errb)
	}
	t.Logf("final run: %s", out)

	db := openDB(t, path)
	if n := count(t, db, "SELECT count(*) FROM articles"); n != 200 {
		t.Errorf("%d articles archived, want 200", n)
	}
	if n := count(t, db, `SELECT count(*) FROM (SELECT url FROM fetches WHERE article_id IS NOT NULL GROUP BY url HAVING count(*) > 1)`); n != 0 {
		t.Errorf("%d articles stored by more than one fetch", n)
	}
	if n := count(t, db, "SELECT count(*) FROM frontier WHERE state = 'queued'"); n != 0 {
		t.Errorf("%d URLs still queued after the final run", n)
	}
	if n := count(t, db, "SELECT count(*) FROM crawl_runs WHERE status = 'running'"); n != 0 {
		t.Errorf("%d runs left running", n)
	}
	extra := 0
	for k, n := range h.Hits() {
		if strings.HasPrefix(k, "/article/") && n > 1 {
			extra += n - 1
		}
	}
	// A kill may lose the pages between their request and their commit
	// (the check above proves none was fetched again once committed).
	if lim := 5 * crawler.Workers(4); extra > lim {
		t.Errorf("%d article fetches repeated across 5 kills, want at most %d", extra, lim)
	}
	t.Logf("article fetches repeated after kills: %d", extra)
}

// TestCrawlSignals: SIGTERM and SIGINT stop the crawl within seconds,
// record it as interrupted, print the summary and exit 143 and 130.
func TestCrawlSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess test")
	}
	h := (&crawltest.NewsHost{Name: "Signal Post", Articles: 300}).Start()
	defer h.Close()
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		path := filepath.Join(t.TempDir(), "sig.db")
		cmd, out, errb := newsarchiveCmd(t, "crawl", "--db", path, "--allow-private", "--delay", "10ms", h.URL()+"/")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Signal once the crawl is fetching: a fixed sleep raced the
		// program's start on a loaded machine (the default action of
		// SIGINT killed it before its handler was installed).
		before := totalHits(h)
		for deadline := time.Now().Add(30 * time.Second); totalHits(h) == before && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		cmd.Process.Signal(tc.sig)
		start := time.Now()
		cmd.Wait()
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%v: took %v to stop", tc.sig, d)
		}
		if code := cmd.ProcessState.ExitCode(); code != tc.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.sig, code, tc.code, out, errb)
		}
		if !strings.HasPrefix(out.String(), "interrupted: ") || strings.Count(out.String(), "\n") != 1 {
			t.Errorf("%v: summary %q", tc.sig, out)
		}
		db := openDB(t, path)
		if n := count(t, db, "SELECT count(*) FROM crawl_runs WHERE status = 'interrupted'"); n != 1 {
			t.Errorf("%v: %d interrupted runs", tc.sig, n)
		}
	}
}

func totalHits(h *crawltest.NewsHost) int {
	n := 0
	for _, c := range h.Hits() {
		n += c
	}
	return n
}

// TestCrawlLocked: a second crawl of an archive that is being crawled
// exits 1 with a clear message and writes nothing.
func TestCrawlLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locked.db")
	release, err := lockArchive(path)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	code, out, errs := runMain(t, "crawl", "--db", path, "--allow-private", "http://127.0.0.1:1/")
	if code != 1 || !strings.Contains(errs, "another crawl is running") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the locked archive was written: %v", err)
	}
}

// TestCrawlConfigFile crawls two outlets from a TOML file; a host whose
// robots.txt answers 503 fails entirely, which is exit status 3 and a
// crawl_run_hosts row.
func TestCrawlConfigFile(t *testing.T) {
	a := (&crawltest.NewsHost{Name: "Alpha", Articles: 30, Linked: 5}).Start()
	defer a.Close()
	b := (&crawltest.NewsHost{Name: "Beta", Articles: 10}).Start()
	defer b.Close()
	down := (&crawltest.NewsHost{Name: "Down", Articles: 3, RobotsStatus: 503}).Start()
	defer down.Close()
	dir := t.TempDir()
	conf := filepath.Join(dir, "outlets.toml")
	os.WriteFile(conf, []byte(fmt.Sprintf(`
delay = "0s"
parallel = 4
allow_private = true

[[outlet]]
name = "Alpha"
start = ["%s/"]
sitemaps = ["%s/sitemap_index.xml"]
exclude = ['/calendar/']

[[outlet]]
name = "Beta"
start = ["%s/"]
feeds = ["%s/feed.xml"]
max_depth = 1

[[outlet]]
name = "Down"
start = ["%s/"]
`, a.URL(), a.URL(), b.URL(), b.URL(), down.URL())), 0o644)
	path := filepath.Join(dir, "conf.db")
	code, out, errs := runMain(t, "crawl", "--db", path, "--config", conf)
	if code != exitHostsFailed || !strings.Contains(errs, "failed entirely") || !strings.HasPrefix(out, "done: ") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	db := openDB(t, path)
	if n := count(t, db, "SELECT count(*) FROM articles"); n != 40 {
		t.Errorf("%d articles, want 40", n)
	}
	if n := count(t, db, "SELECT count(*) FROM crawl_run_hosts WHERE failed = 1 AND host = '"+strings.TrimPrefix(down.URL(), "http://")+"'"); n != 1 {
		t.Errorf("failed host not recorded")
	}
	for k := range a.Hits() {
		if strings.HasPrefix(k, "/calendar/") {
			t.Errorf("excluded %s fetched", k)
		}
	}

	os.WriteFile(conf, []byte("[[outlet]]\nname = \"x\"\nstart = [\"http://127.0.0.1:1/\"]\nmax_deph = 2\n"), 0o644)
	code, _, errs = runMain(t, "crawl", "--db", path, "--config", conf)
	if code != 1 || !strings.Contains(errs, "max_deph") {
		t.Errorf("unknown key: exit %d, %s", code, errs)
	}
}

// TestCrawlSecondRunCheap: the second run of the command against an
// unchanged site sends only conditional requests and re-fetches no old
// article.
func TestCrawlSecondRunCheap(t *testing.T) {
	h := (&crawltest.NewsHost{Name: "Nightly", Articles: 40, Linked: 10}).Start()
	defer h.Close()
	path := filepath.Join(t.TempDir(), "nightly.db")
	args := []string{"crawl", "--db", path, "--allow-private", "--delay", "0", h.URL() + "/"}
	if code, out, errs := runMain(t, args...); code != 0 {
		t.Fatalf("first run: %d %s %s", code, out, errs)
	}
	h.Reset()
	code, out, errs := runMain(t, args...)
	if code != 0 {
		t.Fatalf("second run: %d %s %s", code, out, errs)
	}
	t.Logf("second run: %s", out)
	cond := h.Conditional()
	for k, n := range h.Hits() {
		if k == "/robots.txt" {
			continue
		}
		if strings.HasPrefix(k, "/article/") {
			t.Errorf("old article %s re-fetched", k)
		}
		if cond[k] != n {
			t.Errorf("%s fetched without validators", k)
		}
	}
	db := openDB(t, path)
	if n := count(t, db, "SELECT count(*) FROM fetches WHERE run_id = 2 AND status <> 304"); n != 0 {
		t.Errorf("%d non-304 fetches in the second run", n)
	}
}

// TestExampleConfig keeps the documented example file valid.
func TestExampleConfig(t *testing.T) {
	fc, err := loadConfig("../../testdata/outlets.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	os := fc.outlets()
	if len(os) != 2 || os[0].Delay != 2*time.Second || len(os[0].Exclude) != 3 || fc.MaxDuration.Duration != 3*time.Hour {
		t.Errorf("parsed %+v", os)
	}
}
