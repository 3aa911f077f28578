package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/store"
)

// demoArchive archives the sample site (51 articles) into a fresh file and
// returns its path.
func demoArchive(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.db")
	if code, out, errs := runMain(t, "demo", "--db", path); code != 0 {
		t.Fatalf("demo exit %d\n%s\n%s", code, out, errs)
	}
	return path
}

func TestSearchCommand(t *testing.T) {
	path := demoArchive(t)
	db := openDB(t, path)
	want := count(t, db, `SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ukraine'`)
	if want < 2 {
		t.Fatalf("sample site has %d articles on Ukraine; the test needs 2 or more", want)
	}

	code, out, errs := runMain(t, "search", "--db", path, "--limit", "1", "ukraine")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, w := range []string{itoa(int64(want)) + " articles match ukraine (best 1 shown", "\n1. ", "londondaily.example · 20", "https://londondaily.example/", "[Ukraine]"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "\n2. ") {
		t.Errorf("-limit 1 printed a second hit:\n%s", out)
	}

	// JSON, filtered by publication day.
	code, out, errs = runMain(t, "search", "--db", path, "--json", "--since", "2026-01-01", "--until", "2026-01-31", "ukraine")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Query string      `json:"query"`
		Total int         `json:"total"`
		Hits  []store.Hit `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	inJan := count(t, db, `SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
		WHERE articles_fts MATCH 'ukraine' AND substr(a.published_at, 1, 7) = '2026-01'`)
	if res.Query != "ukraine" || res.Total != inJan || len(res.Hits) != inJan {
		t.Errorf("json: query %q total %d hits %d, want %d", res.Query, res.Total, len(res.Hits), inJan)
	}
	for i, h := range res.Hits {
		if !strings.HasPrefix(h.PublishedAt, "2026-01") || h.URL == "" || h.Headline == "" || !strings.Contains(h.Snippet, "[") {
			t.Errorf("hit %+v", h)
		}
		if i > 0 && h.Rank < res.Hits[i-1].Rank {
			t.Errorf("hits not in rank order")
		}
	}

	if code, out, _ := runMain(t, "search", "--db", path, "--site", "nowhere.example", "ukraine"); code != 0 || !strings.Contains(out, "No articles match") {
		t.Errorf("no hits: exit %d, %q", code, out)
	}
	if code, out, errs := runMain(t, "search", "--db", path, "--plain", "covid-19", "U.S."); code != 0 {
		t.Errorf("-plain: exit %d\n%s%s", code, out, errs)
	}
	// Several words without quotes are one query.
	if code, _, errs := runMain(t, "search", "--db", path, "Putin", "Johnson"); code != 0 {
		t.Errorf("two words: exit %d: %s", code, errs)
	}
}

func TestSearchCommandErrors(t *testing.T) {
	path := demoArchive(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"covid-19"}, 2, `bad full-text query "covid-19": no such column: 19`},
		{[]string{`"unterminated`}, 2, "unterminated string"},
		{[]string{"flood", "AND"}, 2, `"flood AND"`},
		{[]string{}, 2, "no query given"},
		{[]string{"--since", "2026-1-1", "x"}, 2, `since "2026-1-1" is not a day`},
		{[]string{"--since", "2026-02-01", "--until", "2026-01-01", "x"}, 2, "until 2026-01-01 is before since 2026-02-01"},
		{[]string{"--limit", "0", "x"}, 2, "-limit must be positive"},
	}
	for _, tt := range tests {
		args := append([]string{"search", "--db", path}, tt.args...)
		code, _, errs := runMain(t, args...)
		if code != tt.code || !strings.Contains(errs, tt.want) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d mentioning %q", tt.args, code, errs, tt.code, tt.want)
		}
	}

	missing := filepath.Join(t.TempDir(), "typo.db")
	code, _, errs := runMain(t, "search", "--db", missing, "x")
	if code != 1 || !strings.Contains(errs, "no archive at "+missing) {
		t.Errorf("missing archive: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(missing); err == nil {
		t.Error("search created an archive under a mistyped name")
	}
	if code, _, errs := runMain(t, "search", "-h"); code != 0 || !strings.Contains(errs, "NEAR(") {
		t.Errorf("-h: exit %d, %q", code, errs)
	}
}
