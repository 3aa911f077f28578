package main

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/newsarchive/newsarchive/cmd/internal/benchcli"
	"os"
	"testing"
)

// TestMain lets the test binary stand in for the crawlpeer binary when run
// reexecutes itself as a child crawl.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// TestPipelineSmoke crawls a small site with the pipeline in a child
// process and checks what does not depend on the machine's speed: every
// page fetched once and every article stored. Newsarchive's crawl is left
// to crawlbench's own tests (-ours=false).
func TestPipelineSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls a site in a child process")
	}
	for _, fts := range []string{"-fts=true", "-fts=false"} {
		var out, errb bytes.Buffer
		err := run(context.Background(), []string{"-pages", "30", "-parallel", "2", "-ours=false", fts, "-json"}, &out, &errb)
		if err != nil {
			t.Fatalf("%s: run: %v\n%s", fts, err, errb.String())
		}
		var rs []result
		if err := json.Unmarshal(out.Bytes(), &rs); err != nil {
			t.Fatalf("%s: output is not JSON: %v\n%s", fts, err, out.String())
		}
		if len(rs) != 1 || rs[0].Mode != modePipeline {
			t.Fatalf("%s: results %+v, want one %s", fts, rs, modePipeline)
		}
		r := rs[0]
		if r.Stored != 30 || r.Duplicates != 0 || r.Errors != 0 || r.Pages == 0 {
			t.Errorf("%s: %d stored (want 30), %d pages, %d duplicates, %d errors", fts, r.Stored, r.Pages, r.Duplicates, r.Errors)
		}
		if r.PagesPerSec <= 0 || r.CPUMsPerPage <= 0 || r.PeakRSSMB <= 0 {
			t.Errorf("%s: figures missing: %+v", fts, r)
		}
	}
}

func TestParseFlags(t *testing.T) {
	var errb bytes.Buffer
	c, err := parseFlags([]string{"-pages", "10,20", "-parallel", "3", "-fts=false"}, &errb)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.sizes) != 2 || c.sizes[1] != 20 || c.parallel != 3 || c.fts || !c.ours {
		t.Errorf("config %+v", c)
	}
	for _, bad := range [][]string{{"-pages", "0"}, {"-parallel", "0"}, {"extra"}} {
		if _, err := parseFlags(bad, &errb); benchcli.ExitCode("crawlpeer", err, &errb) != 2 {
			t.Errorf("%v: %v, want a usage error", bad, err)
		}
	}
}

func TestMedianRows(t *testing.T) {
	round := func(ours, pipe float64) []result {
		return []result{
			{Mode: modeOurs, PagesPerSec: ours, VsPipeline: ours / pipe},
			{Mode: modePipeline, PagesPerSec: pipe, VsPipeline: 1},
		}
	}
	rs := medianRows([][]result{round(300, 100), round(200, 50), round(400, 200)})
	if rs[0].PagesPerSec != 300 || rs[1].PagesPerSec != 100 || rs[0].VsPipeline != 3 || rs[0].Rounds != 3 {
		t.Errorf("medians %+v", rs)
	}
}
