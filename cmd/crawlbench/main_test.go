package main

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/newsarchive/newsarchive/cmd/internal/benchcli"
	"os"
	"strings"
	"testing"
)

// TestMain lets the test binary stand in for the crawlbench binary when
// run reexecutes itself as a child crawl.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild(os.Stdout))
	}
	os.Exit(m.Run())
}

// TestRunSmoke crawls a small site in both modes and checks what does not
// depend on the machine's speed: every page fetched once, articles stored.
func TestRunSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site in two child processes")
	}
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"-pages", "50", "-parallel", "2", "-json"}, &out, &errb)
	if err != nil {
		t.Fatalf("run: %v\n%s", err, errb.String())
	}
	var rs []result
	if err := json.Unmarshal(out.Bytes(), &rs); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if len(rs) != 3 {
		t.Fatalf("%d results, want 3 (newsarchive with and without WARC, and the baseline)", len(rs))
	}
	for _, r := range rs {
		// The baseline does not fetch robots.txt; ours does.
		want := r.SitePages
		if r.Mode == modeBaseline {
			want--
		}
		if r.Pages != want || r.Duplicates != 0 || r.NotFound != 0 || r.Errors != 0 {
			t.Errorf("%s: %d pages (want %d), %d duplicates, %d not found, %d errors",
				r.Mode, r.Pages, want, r.Duplicates, r.NotFound, r.Errors)
		}
		if r.PagesPerSec <= 0 || r.CPUMsPerPage <= 0 || r.PeakRSSMB <= 0 {
			t.Errorf("%s: figures missing: %+v", r.Mode, r)
		}
	}
	// The four static pages may be stored as articles too: that is the
	// extractor's call, not the benchmark's.
	for i, mode := range []string{modeOurs, modeNoWARC} {
		ours := rs[i]
		if ours.Mode != mode || ours.Stored < 50 || ours.Stored > 54 || ours.ArchiveMB <= 0 || ours.VsBaseline <= 0 {
			t.Errorf("%s crawl: %+v, want the 50 articles stored and an archive", mode, ours)
		}
	}
}

func TestRunText(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site in a child process")
	}
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"-pages", "20", "-modes", modeBaseline}, &out, &errb); err != nil {
		t.Fatalf("run: %v\n%s", err, errb.String())
	}
	for _, want := range []string{"== 20 articles", "pages/s", "peak RSS", modeBaseline} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"-pages", "x"}, {"-pages", "0"}, {"-parallel", "0"}, {"-modes", "nope"}, {"extra"}, {"-nope"}} {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		if code := benchcli.ExitCode("crawlbench", err, &bytes.Buffer{}); code != 2 {
			t.Errorf("%v: exit %d (err %v), want 2", args, code, err)
		}
	}
	if code := benchcli.ExitCode("crawlbench", run(context.Background(), []string{"-h"}, &bytes.Buffer{}, &bytes.Buffer{}), &bytes.Buffer{}); code != 0 {
		t.Errorf("-h: exit %d, want 0", code)
	}
}
