package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/store"
)

// TestExportColumnsMatchTable keeps the export in step with the schema: a
// column added to articles must be added to the export too. The export
// keeps its own order (the body after the standfirst, as a reader expects)
// while the table keeps the body last (migration 0007).
func TestExportColumnsMatchTable(t *testing.T) {
	db := MustOpenDB(t)
	rows, err := db.SQL().Query(`SELECT name FROM pragma_table_info('articles') ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	cols = append(cols, "related")
	slices.Sort(cols)
	if got, want := strings.Join(slices.Sorted(slices.Values(store.ExportColumns)), ","), strings.Join(cols, ","); got != want {
		t.Errorf("ExportColumns = %s\n   articles has %s", got, want)
	}
}

func TestExportArticles(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := testArticle("https://news.example/bridge")
	undated := testArticle("https://other.example/undated")
	undated.Site = "other.example"
	undated.PublishedAt, undated.ModifiedAt, undated.Section, undated.Language, undated.ImageURL = "", "", "", "", ""
	undated.Authors, undated.Tags, undated.Related = nil, nil, nil
	undated.Paywalled = true
	save(t, db, a, undated)

	var got []store.ExportedArticle
	collect := func(e *store.ExportedArticle) error {
		c := *e
		got = append(got, c)
		return nil
	}
	if err := db.ExportArticles(ctx, store.Filter{}, collect); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("exported %d articles, want 2", len(got))
	}
	e := got[0]
	if e.CanonicalURL != a.CanonicalURL || e.URL != a.URL || e.Site != "news.example" || *e.Kind != "article" ||
		e.Headline != a.Headline || e.Standfirst != a.Standfirst || e.Body != a.Body ||
		*e.PublishedAt != a.PublishedAt || *e.ModifiedAt != a.ModifiedAt ||
		*e.PublishedSource != "json-ld" || *e.ModifiedSource != "meta" || *e.Language != "en" ||
		*e.Section != "Local" || *e.ImageURL != a.ImageURL || e.WordCount != 4 || e.Paywalled ||
		e.ExtractorVersion == "" || e.FirstSeenAt != "2026-11-25T18:51:00Z" || len(e.ContentHash) != 64 {
		t.Errorf("exported %+v", e)
	}
	for name, pair := range map[string][2]string{
		"authors": {string(e.Authors), `["Ann Smith","Bo Li"]`},
		"tags":    {string(e.Tags), `["transport","council"]`},
		"related": {string(e.Related), `[{"url":"https://news.example/a","title":"A"},{"url":"https://news.example/b","title":"B"},{"url":"https://news.example/c","title":"C"}]`},
	} {
		if pair[0] != pair[1] {
			t.Errorf("%s = %s, want %s", name, pair[0], pair[1])
		}
		if !json.Valid([]byte(pair[0])) {
			t.Errorf("%s is not JSON", name)
		}
	}
	u := got[1]
	if u.PublishedAt != nil || u.ModifiedAt != nil || u.PublishedSource != nil || u.Section != nil ||
		u.Language != nil || u.ImageURL != nil || !u.Paywalled ||
		string(u.Authors) != "[]" || string(u.Tags) != "[]" || string(u.Related) != "[]" {
		t.Errorf("undated exported %+v", u)
	}

	for _, tt := range []struct {
		f    store.Filter
		want int
	}{
		{store.Filter{Site: "other.example"}, 1},
		{store.Filter{Since: "2026-11-25"}, 1},
		{store.Filter{Until: "2026-11-24"}, 0},
		{store.Filter{Since: "2026-11-25", Until: "2026-11-25", Site: "news.example"}, 1},
	} {
		n := 0
		if err := db.ExportArticles(ctx, tt.f, func(*store.ExportedArticle) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		if n != tt.want {
			t.Errorf("%+v: %d articles, want %d", tt.f, n, tt.want)
		}
	}

	stop := errors.New("stop")
	n := 0
	err := db.ExportArticles(ctx, store.Filter{}, func(*store.ExportedArticle) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("callback error: n=%d err=%v", n, err)
	}
	if err := db.ExportArticles(ctx, store.Filter{Since: "2026-13-01"}, collect); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad since: %v", err)
	}
	if err := db.ExportArticles(ctx, store.Filter{Since: "2026-02-01", Until: "2026-01-01"}, collect); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("until before since: %v", err)
	}
}
