package main

import (
	"context"
	"os"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for the reader processes of the
// analysts scenario, as the torture binary does.
func TestMain(m *testing.M) {
	if os.Getenv(readerEnv) != "" {
		os.Exit(runReaderChild(os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestScenariosTiny runs the fastest scenarios at a tiny scale against the
// real binary, so `go test ./...` covers the harness.
func TestScenariosTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the newsarchive binary")
	}
	p := scales["small"]
	p.killPages, p.kills = 120, 3
	p.trapArticles, p.trapBudget = 10, 20
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	e, err := newEnv(ctx, envOptions{scale: "tiny", params: p, seed: uint64(time.Now().UnixNano()), log: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer e.close()
	t.Logf("seed %d", e.seed)
	for _, s := range scenarios {
		if s.name != "kill-resume" && s.name != "traps-ssrf" {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			r := &result{Scenario: s.name}
			s.run(ctx, e, r)
			r.finish()
			for _, c := range r.Checks {
				if !c.OK {
					t.Errorf("%s: %s", c.Name, c.Detail)
				}
			}
			if r.Status != statusPass {
				t.Errorf("status %s", r.Status)
			}
		})
	}
}

// TestMainUsage: unknown scenarios and scales are usage errors.
func TestMainUsage(t *testing.T) {
	ctx := context.Background()
	var out, errb stringsBuilder
	if code := Main(ctx, []string{"-scenario", "nope"}, &out, &errb); code != 2 {
		t.Errorf("unknown scenario: exit %d", code)
	}
	if code := Main(ctx, []string{"-scale", "huge"}, &out, &errb); code != 2 {
		t.Errorf("unknown scale: exit %d", code)
	}
}

type stringsBuilder struct{ b []byte }

func (s *stringsBuilder) Write(p []byte) (int, error) { s.b = append(s.b, p...); return len(p), nil }
