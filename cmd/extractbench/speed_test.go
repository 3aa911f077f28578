package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRunSpeed checks the -speed table and JSON on the made-up dataset;
// the figures themselves are timing and are not checked.
func TestRunSpeed(t *testing.T) {
	dir := writeMini(t)
	stdout, _, err := runCmd(t, "-speed", "-reps", "1", "-data", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"== mini: 3 pages", "html.Parse", "newsarchive", "÷ html.Parse", "GOMAXPROCS=1"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	stdout, _, err = runCmd(t, "-speed", "-reps", "2", "-cpus", "2", "-json", "-datasets", "mini", "-data", dir)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string][]struct {
		Method string `json:"method"`
		Pages  int    `json:"pages"`
		Errors int    `json:"errors"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout)
	}
	rs := got["mini"]
	if len(rs) != 2 || rs[0].Method != "html.Parse" || rs[1].Method != "newsarchive" {
		t.Fatalf("results %+v", rs)
	}
	for _, r := range rs {
		if r.Pages != 3 || r.Errors != 0 {
			t.Errorf("%+v", r)
		}
	}
	_, _, err = runCmd(t, "-speed", "-datasets", "nope", "-data", dir)
	wantExit(t, err, 2)
	_, _, err = runCmd(t, "-speed", "-reps", "0", "-data", dir)
	wantExit(t, err, 2)
}
