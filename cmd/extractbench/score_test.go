package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// benchDir is the shared benchmark data, beside the project.
var benchDir = filepath.Join("..", "..", "..", "shared", "bench")

// requireBench skips the test when the shared data is not there.
func requireBench(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(benchDir, "scrapinghub", "truth.jsonl")); err != nil {
		tb.Skipf("benchmark data not found at %s (expected ../shared/bench beside the project): %v", benchDir, err)
	}
}

// loadPublished reads a published output of the scrapinghub benchmark in
// either of its shapes: {"<id>": {"articleBody": ...}} or
// {"version": ..., "output": {"<id>": {...}}}.
func loadPublished(tb testing.TB, path string) map[string]string {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	if out, ok := raw["output"]; ok {
		if _, ok := raw["version"]; ok {
			raw = nil
			if err := json.Unmarshal(out, &raw); err != nil {
				tb.Fatalf("%s output: %v", path, err)
			}
		}
	}
	bodies := make(map[string]string, len(raw))
	for id, v := range raw {
		var item struct {
			ArticleBody *string `json:"articleBody"`
		}
		if err := json.Unmarshal(v, &item); err != nil {
			tb.Fatalf("%s %s: %v", path, id, err)
		}
		if item.ArticleBody != nil {
			bodies[id] = *item.ArticleBody
		}
	}
	return bodies
}

// TestPublishedFigures checks that the scorer reproduces the figures the
// scrapinghub article-extraction-benchmark publishes for other tools.
func TestPublishedFigures(t *testing.T) {
	requireBench(t)
	cases, err := loadTruth(filepath.Join(benchDir, "scrapinghub", "truth.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 181 {
		t.Fatalf("scrapinghub truth has %d cases, want 181", len(cases))
	}
	tests := []struct {
		file                            string
		f1, precision, recall, accuracy float64
	}{
		{"trafilatura.json", 0.958, 0.938, 0.978, 0.293},
		{"readability_js.json", 0.947, 0.914, 0.982, 0.166},
		{"go_readability.json", 0.934, 0.900, 0.971, 0.188},
		// The rest of the README's table. newspaper.json has a page with
		// an empty prediction, which leaves the precision mean.
		{"AutoExtract.json", 0.970, 0.984, 0.956, 0.470},
		{"go_trafilatura.json", 0.960, 0.940, 0.980, 0.287},
		{"newspaper.json", 0.949, 0.964, 0.934, 0.326},
		{"rs_trafilatura.json", 0.970, 0.951, 0.990, 0.287},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			pred := loadPublished(t, filepath.Join(benchDir, "scrapinghub", "published", tt.file))
			var scores []bodyScore
			for _, c := range cases {
				if c.Body == nil {
					t.Fatalf("%s has no body gold", c.ID)
				}
				scores = append(scores, scoreBody(*c.Body, pred[c.ID]))
			}
			got := aggregateBody(scores)
			check := func(name string, got, want float64) {
				if s := fmt.Sprintf("%.3f", got); s != fmt.Sprintf("%.3f", want) {
					t.Errorf("%s = %s (%.5f), want %.3f", name, s, got, want)
				}
			}
			check("F1", got.F1, tt.f1)
			check("precision", got.Precision, tt.precision)
			check("recall", got.Recall, tt.recall)
			check("accuracy", got.Accuracy, tt.accuracy)
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, world!", []string{"Hello", "world"}},
		{"snake_case 3.14 l'été", []string{"snake_case", "3", "14", "l", "été"}},
		{"Größe²  ½ ٣", []string{"Größe²", "½", "٣"}},
		// Python's \w has no combining marks: a decomposed é splits.
		{"cafe\u0301 ok", []string{"cafe", "ok"}},
		{"東京タワー", []string{"東京タワー"}},
	}
	for _, tt := range tests {
		if got := tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShingles(t *testing.T) {
	if got := shingles(nil, 4); len(got) != 0 {
		t.Errorf("empty text: %v, want no shingle", got)
	}
	if got := shingles([]string{"a", "b"}, 4); len(got) != 1 || got["a\x00b"] != 1 {
		t.Errorf("short text: %v, want one shingle of all tokens", got)
	}
	got := shingles([]string{"a", "b", "c", "d", "a", "b", "c", "d"}, 4)
	if len(got) != 4 || got["a\x00b\x00c\x00d"] != 2 {
		t.Errorf("repeated text: %v, want abcd counted twice", got)
	}
}

func TestScoreBodyEdges(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-12 }
	tests := []struct {
		name              string
		gold, pred        string
		tp, fp, fn        float64
		inP, inR          bool
		precision, recall float64
		exact             bool
	}{
		{"identical", "one two three four five", "one, two; three four five", 1, 0, 0, true, true, 1, 1, true},
		{"empty prediction", "one two three four five", "", 0, 0, 1, false, true, 0, 0, false},
		{"both empty", "", "  !! ", 0, 0, 0, false, false, 1, 1, true},
		{"short pages equal", "hi there", "Hi there", 0, 0.5, 0.5, true, true, 0, 0, false},
		{"short page found", "hi there", "hi there", 1, 0, 0, true, true, 1, 1, true},
		// gold a b c d e: abcd bcde; prediction a b c d x: abcd bcdx
		{"half", "a b c d e", "a b c d x", 1.0 / 3, 1.0 / 3, 1.0 / 3, true, true, 0.5, 0.5, false},
		{"extra text", "a b c d", "a b c d e", 1.0 / 2, 1.0 / 2, 0, true, true, 0.5, 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := scoreBody(tt.gold, tt.pred)
			if !near(s.TP, tt.tp) || !near(s.FP, tt.fp) || !near(s.FN, tt.fn) {
				t.Errorf("tp, fp, fn = %v, %v, %v; want %v, %v, %v", s.TP, s.FP, s.FN, tt.tp, tt.fp, tt.fn)
			}
			if s.hasPrecision() != tt.inP || s.hasRecall() != tt.inR {
				t.Errorf("in precision mean %v, recall mean %v; want %v, %v", s.hasPrecision(), s.hasRecall(), tt.inP, tt.inR)
			}
			if !near(s.precision(), tt.precision) || !near(s.recall(), tt.recall) {
				t.Errorf("precision %v recall %v, want %v %v", s.precision(), s.recall(), tt.precision, tt.recall)
			}
			if s.Exact != tt.exact {
				t.Errorf("exact = %v, want %v", s.Exact, tt.exact)
			}
		})
	}
}

func TestAggregateBody(t *testing.T) {
	scores := []bodyScore{
		scoreBody("a b c d e", "a b c d e"), // P 1, R 1, exact
		scoreBody("a b c d e", ""),          // leaves P, R 0
		scoreBody("a b c d", "a b c d e"),   // P 0.5, R 1
		scoreBody("", ""),                   // leaves both, exact
	}
	got := aggregateBody(scores)
	wantP, wantR := 0.75, 2.0/3
	if math.Abs(got.Precision-wantP) > 1e-12 || math.Abs(got.Recall-wantR) > 1e-12 {
		t.Errorf("P %v R %v, want %v %v", got.Precision, got.Recall, wantP, wantR)
	}
	if wantF := 2 * wantP * wantR / (wantP + wantR); math.Abs(got.F1-wantF) > 1e-12 {
		t.Errorf("F1 %v, want %v", got.F1, wantF)
	}
	if got.Accuracy != 0.5 {
		t.Errorf("accuracy %v, want 0.5", got.Accuracy)
	}
	if z := aggregateBody([]bodyScore{scoreBody("a b c d", "")}); z.F1 != 0 || z.Precision != 0 || z.Recall != 0 {
		t.Errorf("all-empty predictions: %+v, want zeros", z)
	}
}
