package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

// searchCorpus is four articles on two sites and three publication days.
func searchCorpus(t *testing.T) *store.DB {
	t.Helper()
	db := MustOpenDB(t)
	mk := func(url, site, headline, standfirst, body, published string) *extract.Article {
		a := testArticle(url)
		a.Site, a.Headline, a.Standfirst, a.Body, a.PublishedAt = site, headline, standfirst, body, published
		return a
	}
	save(t, db,
		mk("https://a.example/1", "a.example", "Flood barrier opens", "The river rose.",
			"Engineers closed the gates at dawn. The flood did not reach the town.", "2024-03-01T08:00:00+01:00"),
		mk("https://a.example/2", "a.example", "Budget vote", "Taxes rise.",
			"The minister said the flood defences would get more money next year.", "2024-03-02"),
		mk("https://b.example/1", "b.example", "Storm warning", "Wind and flood risk.",
			"Forecasters expect rain.", "2024-03-02T23:30:00-05:00"), // UTC day is 03-03
		mk("https://b.example/2", "b.example", "Covid-19 cases fall in the U.S.", "",
			"Hospitals report fewer admissions.", ""),
	)
	return db
}

func hitURLs(res *store.SearchResult) string {
	var us []string
	for _, h := range res.Hits {
		us = append(us, h.URL)
	}
	return strings.Join(us, " ")
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	db := searchCorpus(t)
	tests := []struct {
		query string
		opts  store.SearchOptions
		want  string // hit URLs in rank order
		total int
	}{
		// Headline beats standfirst beats body.
		{"flood", store.SearchOptions{}, "https://a.example/1 https://b.example/1 https://a.example/2", 3},
		{"flood", store.SearchOptions{Limit: 1}, "https://a.example/1", 3},
		{"flood", store.SearchOptions{Filter: store.Filter{Site: "b.example"}}, "https://b.example/1", 1},
		// The publisher's day, not the UTC day: b.example/1 is on 03-02.
		{"flood", store.SearchOptions{Filter: store.Filter{Since: "2024-03-02"}}, "https://b.example/1 https://a.example/2", 2},
		{"flood", store.SearchOptions{Filter: store.Filter{Until: "2024-03-01"}}, "https://a.example/1", 1},
		{"flood", store.SearchOptions{Filter: store.Filter{Since: "2024-03-03"}}, "", 0},
		{`"flood defences"`, store.SearchOptions{}, "https://a.example/2", 1},
		{"headline:flood", store.SearchOptions{}, "https://a.example/1", 1},
		{"engin*", store.SearchOptions{}, "https://a.example/1", 1},
		{"flood NOT gates", store.SearchOptions{}, "https://b.example/1 https://a.example/2", 2},
		{store.PlainQuery("covid-19 u.s."), store.SearchOptions{}, "https://b.example/2", 1},
		{"nothing", store.SearchOptions{}, "", 0},
	}
	for _, tt := range tests {
		res, err := db.Search(ctx, tt.query, tt.opts)
		if err != nil {
			t.Errorf("%s %+v: %v", tt.query, tt.opts, err)
			continue
		}
		if got := hitURLs(res); got != tt.want || res.Total != tt.total {
			t.Errorf("%s %+v:\n got %s (total %d)\nwant %s (total %d)", tt.query, tt.opts, got, res.Total, tt.want, tt.total)
		}
	}

	res, err := db.Search(ctx, "gates", store.SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[0]
	if h.Headline != "Flood barrier opens" || h.Site != "a.example" || h.PublishedAt != "2024-03-01T08:00:00+01:00" ||
		!strings.Contains(h.Snippet, "[gates]") || h.Rank >= 0 || h.ID == 0 {
		t.Errorf("hit = %+v", h)
	}
}

func TestSearchBadQuery(t *testing.T) {
	ctx := context.Background()
	db := searchCorpus(t)
	for _, q := range []string{"covid-19", "U.S.", `"unterminated`, "AND", "flood OR", "nosuchcol:x", "(flood", "*", "  "} {
		_, err := db.Search(ctx, q, store.SearchOptions{})
		if !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("%q: err = %v, want ErrBadQuery", q, err)
			continue
		}
		if strings.TrimSpace(q) != "" && !strings.Contains(err.Error(), q) {
			t.Errorf("%q: error %q does not name the query", q, err)
		}
	}
	if _, err := db.Search(ctx, "flood", store.SearchOptions{Filter: store.Filter{Since: "March"}}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad since: err = %v, want ErrInvalid", err)
	}
}

func TestPlainQuery(t *testing.T) {
	for in, want := range map[string]string{
		"covid-19":       `"covid-19"`,
		`  say "hi"  x `: `"say" """hi""" "x"`,
		"":               "",
	} {
		if got := store.PlainQuery(in); got != want {
			t.Errorf("PlainQuery(%q) = %s, want %s", in, got, want)
		}
	}
}
