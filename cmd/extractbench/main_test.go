package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/extract"
)

// miniPages are the pages of a small made-up dataset; the tests assert
// what does not depend on how good the extractor is.
var miniPages = map[string]string{
	"nk-1": `<html><head><title>A headline | Site</title></head><body><article><h1>A headline</h1><p>One two three four five six.</p></article></body></html>`,
	"tr-1": `<html><head><meta name="description" content="A dek."></head><body><p>Keep this sentence. Drop nothing.</p></body></html>`,
	"pl-1": `<html><body><p>Not news.</p></body></html>`,
}

const miniTruth = `{"id": "tr-1", "url": "https://example.com/tr", "news": true, "title": "Second", "description": "A dek.", "with": ["Keep this sentence."], "without": ["Subscribe"]}
{"id": "nk-1", "url": "https://example.com/nk", "news": true, "title": "A headline", "date": "2023-01-02", "date_alts": ["2022-01-02"], "authors": ["Ann Lee"], "body": "One two three four five six."}
{"id": "pl-1", "url": "https://example.com/pl", "news": false, "title": "Not news", "date": "2020-01-01"}
`

// writeMini lays out the made-up dataset as DIR/mini and returns DIR.
func writeMini(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	pages := filepath.Join(dir, "mini", "pages")
	if err := os.MkdirAll(pages, 0o755); err != nil {
		t.Fatal(err)
	}
	for id, html := range miniPages {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(html))
		zw.Close()
		if err := os.WriteFile(filepath.Join(pages, id+".html.gz"), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "mini", "truth.jsonl"), []byte(miniTruth), 0o644); err != nil {
		t.Fatal(err)
	}
	// A folder without truth.jsonl is not a dataset.
	if err := os.MkdirAll(filepath.Join(dir, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	err = run(context.Background(), args, &out, &errb)
	return out.String(), errb.String(), err
}

func wantExit(t *testing.T, err error, code int) {
	t.Helper()
	if got := exitCode(err, &bytes.Buffer{}); got != code {
		t.Fatalf("exit status %d (err %v), want %d", got, err, code)
	}
}

func TestRunMissingData(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nowhere")
	_, _, err := runCmd(t, "-data", missing)
	wantExit(t, err, 2)
	if !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "truth.jsonl") {
		t.Errorf("error %q should say where the data is expected", err)
	}
	// A folder without any dataset is missing data too.
	_, _, err = runCmd(t, "-data", t.TempDir())
	wantExit(t, err, 2)
}

func TestRunUsage(t *testing.T) {
	_, stderr, err := runCmd(t, "-nope")
	wantExit(t, err, 2)
	if !strings.Contains(stderr, "usage:") {
		t.Errorf("stderr %q lacks usage", stderr)
	}
	_, _, err = runCmd(t, "-data", writeMini(t), "extra")
	wantExit(t, err, 2)
	_, _, err = runCmd(t, "-data", writeMini(t), "-floor", filepath.Join(t.TempDir(), "none.json"))
	wantExit(t, err, 2)
	_, _, err = runCmd(t, "-h")
	wantExit(t, err, 0)
}

func TestRunJSON(t *testing.T) {
	dir := writeMini(t)
	outDir := filepath.Join(t.TempDir(), "out")
	floorFile := filepath.Join(t.TempDir(), "floor.json")
	stdout, _, err := runCmd(t, "-data", dir, "-json", "-v", "-out", outDir, "-write-floor", floorFile)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string]float64
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	mini, ok := got["mini"]
	if !ok || len(got) != 1 {
		t.Fatalf("datasets %v, want only mini", got)
	}
	if mini["pages"] != 3 {
		t.Errorf("pages = %v, want 3", mini["pages"])
	}
	for _, k := range []string{"body_f1", "body_precision", "body_recall", "body_accuracy",
		"nk_body_f1", "nk_body_precision", "nk_body_recall", "nk_body_accuracy",
		"headline_exact", "headline_f1_90", "date", "authors", "standfirst_exact",
		"standfirst_f1_90", "with_found", "without_absent", "ms_per_page"} {
		if _, ok := mini[k]; !ok {
			t.Errorf("figure %s missing", k)
		}
	}
	for _, k := range []string{"tr_body_f1", "pl_body_f1"} {
		if _, ok := mini[k]; ok {
			t.Errorf("figure %s present without gold", k)
		}
	}
	for k, v := range mini {
		if k != "pages" && k != "ms_per_page" && (v < 0 || v > 1) {
			t.Errorf("%s = %v, not a fraction", k, v)
		}
	}

	// The floor file has the same figures, without the timing.
	var floor map[string]map[string]float64
	b, err := os.ReadFile(floorFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &floor); err != nil {
		t.Fatal(err)
	}
	if _, ok := floor["mini"]["ms_per_page"]; ok {
		t.Error("floor file holds ms_per_page")
	}
	if len(floor["mini"]) != len(mini)-1 {
		t.Errorf("floor has %d figures, want %d", len(floor["mini"]), len(mini)-1)
	}

	// -out: one line per page, sorted by id, verdicts only where gold is.
	lines := strings.Split(strings.TrimSpace(readFile(t, filepath.Join(outDir, "mini.jsonl"))), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3", len(lines))
	}
	var ids []string
	recs := make(map[string]map[string]any)
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		id := m["id"].(string)
		ids = append(ids, id)
		recs[id] = m
	}
	if strings.Join(ids, " ") != "nk-1 pl-1 tr-1" {
		t.Errorf("ids %v, want sorted", ids)
	}
	has := func(id string, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := recs[id][k]; !ok {
				t.Errorf("%s lacks %s", id, k)
			}
		}
	}
	lacks := func(id string, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if _, ok := recs[id][k]; ok {
				t.Errorf("%s has %s without gold", id, k)
			}
		}
	}
	has("nk-1", "headline", "body", "authors", "published_at", "standfirst", "body_f1", "body_exact", "headline_exact", "date_ok", "authors_ok")
	lacks("nk-1", "standfirst_exact", "with_found")
	has("tr-1", "headline_exact", "standfirst_exact", "standfirst_f1", "with_found", "with_total", "without_absent", "without_total")
	lacks("tr-1", "body_f1", "date_ok")
	lacks("pl-1", "headline_exact", "date_ok", "body_f1") // not news

	// A second run gives the same figures and the same page file.
	out2 := filepath.Join(t.TempDir(), "out")
	stdout2, _, err := runCmd(t, "-data", dir, "-json", "-out", out2)
	if err != nil {
		t.Fatal(err)
	}
	var got2 map[string]map[string]float64
	if err := json.Unmarshal([]byte(stdout2), &got2); err != nil {
		t.Fatal(err)
	}
	delete(got["mini"], "ms_per_page")
	delete(got2["mini"], "ms_per_page")
	if a, b := mustJSON(t, got), mustJSON(t, got2); a != b {
		t.Errorf("figures differ between runs:\n%s\n%s", a, b)
	}
	if readFile(t, filepath.Join(outDir, "mini.jsonl")) != readFile(t, filepath.Join(out2, "mini.jsonl")) {
		t.Error("page files differ between runs")
	}
}

func TestRunText(t *testing.T) {
	stdout, _, err := runCmd(t, "-data", writeMini(t), "-v")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"== mini: 3 pages", "body F1", "headline exact", "nk", "tr", "(1)"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

func TestRunFloor(t *testing.T) {
	dir := writeMini(t)
	floorFile := filepath.Join(t.TempDir(), "floor.json")
	if _, _, err := runCmd(t, "-data", dir, "-write-floor", floorFile); err != nil {
		t.Fatal(err)
	}
	// Its own figures pass.
	if _, _, err := runCmd(t, "-data", dir, "-floor", floorFile); err != nil {
		t.Fatalf("own floor: %v", err)
	}
	// Impossible floors fail with status 1, each figure listed; pages and
	// ms_per_page are never compared.
	high := map[string]map[string]float64{
		"mini":  {"body_f1": 2, "date": 2, "pages": 1e9, "ms_per_page": 0, "standfirst_exact": 0},
		"other": {"body_f1": 0},
	}
	writeJSONFile(t, floorFile, high)
	_, _, err := runCmd(t, "-data", dir, "-floor", floorFile)
	wantExit(t, err, 1)
	msg := err.Error()
	for _, want := range []string{"mini body_f1", "mini date", "other"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	for _, not := range []string{"pages", "ms_per_page", "standfirst_exact"} {
		if strings.Contains(msg, "mini "+not) {
			t.Errorf("error lists %s: %s", not, msg)
		}
	}
	// A figure with no gold case any more is reported too.
	writeJSONFile(t, floorFile, map[string]map[string]float64{"mini": {"tr_body_f1": 0.5}})
	_, _, err = runCmd(t, "-data", dir, "-floor", floorFile)
	wantExit(t, err, 1)
}

func TestBelowFloorTolerance(t *testing.T) {
	floor := map[string]map[string]float64{"d": {"a": 0.8, "b": 0.8}}
	cur := map[string]map[string]float64{"d": {"a": 0.79, "b": 0.789}}
	got := belowFloor(floor, cur)
	if len(got) != 1 || !strings.HasPrefix(got[0], "d b:") {
		t.Errorf("belowFloor = %q, want only b", got)
	}
}

// TestScorePage checks which gold each verdict is over, on a made-up
// prediction, independent of the extractor.
func TestScorePage(t *testing.T) {
	title, date, desc, body := "Trump’s “deal”", "2023-03-07", "A dek", "w1 w2 w3 w4 w5"
	news := truth{ID: "nk-9", News: true, Title: &title, Date: &date, DateAlts: []string{"2022-03-07"},
		Authors: []string{"Ann Lee and Bo Park"}, Description: &desc, Body: &body}
	a := &extract.Article{Headline: `Trump's "deal"`, PublishedAt: "2022-03-07T23:00:00-08:00",
		Authors: []string{"Bo Park", "Ann Lee"}, Standfirst: "A dek", Body: "w1 w2 w3 w4 w5"}
	r := scorePage(&news, a, nil)
	for name, ok := range map[string]*bool{"headline": r.HeadlineExact, "date": r.DateOK,
		"authors": r.AuthorsOK, "standfirst": r.StandfirstExact, "body": r.BodyExact} {
		if ok == nil || !*ok {
			t.Errorf("%s verdict %v, want pass", name, ok)
		}
	}
	notNews := news
	notNews.News = false
	r = scorePage(&notNews, nil, errors.New("boom"))
	if r.HeadlineExact != nil || r.DateOK != nil || r.AuthorsOK != nil || r.StandfirstExact != nil {
		t.Error("field verdicts on a non-news page")
	}
	if r.BodyExact == nil || *r.BodyExact || r.Error != "boom" {
		t.Errorf("failed parse: body exact %v error %q, want a failed body verdict", r.BodyExact, r.Error)
	}
	f := figures([]pageRecord{scorePage(&news, a, nil), r})
	if f["body_f1"] == 0 || f["headline_exact"] != 1 || f["pages"] != 2 {
		t.Errorf("figures %v", f)
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeJSONFile(t *testing.T, p string, v any) {
	t.Helper()
	if err := os.WriteFile(p, []byte(mustJSON(t, v)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
