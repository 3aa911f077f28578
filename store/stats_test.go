package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/extract"
	"github.com/newsarchive/newsarchive/store"
)

func TestStats(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	day := func(d int) time.Time { return t0.AddDate(0, 0, d) } // t0 is 2026-11-25 18:51 UTC

	saveIn := func(run int64, at time.Time, a *extract.Article) {
		t.Helper()
		f := fetchFor(a, at)
		f.RunID = run
		if _, err := db.SaveFetch(ctx, f, a); err != nil {
			t.Fatal(err)
		}
	}
	fail := func(run int64, at time.Time, url, msg string) {
		t.Helper()
		if _, err := db.SaveFetch(ctx, store.Fetch{RunID: run, URL: url, FetchedAt: at, Err: msg}, nil); err != nil {
			t.Fatal(err)
		}
	}

	// An old article, outside the window.
	old, _ := db.StartRun(ctx, nil, day(-30))
	saveIn(old, day(-30), testArticle("https://news.example/old"))
	db.FinishRun(ctx, old, store.RunStats{}, store.RunDone, day(-30))

	// Yesterday: a good run, two complete articles.
	r1, _ := db.StartRun(ctx, nil, day(-1))
	saveIn(r1, day(-1), testArticle("https://news.example/y1"))
	saveIn(r1, day(-1), testArticle("https://news.example/y2"))
	fail(r1, day(-1), "https://news.example/broken", "status 500")
	db.FinishRun(ctx, r1, store.RunStats{PagesFetched: 3, ArticlesStored: 2, Errors: 1}, store.RunDone, day(-1).Add(time.Minute))

	// Today: the template changed — no dates, no authors — and the run failed.
	r2, _ := db.StartRun(ctx, nil, day(0))
	for i := range 4 {
		a := testArticle(fmt.Sprintf("https://news.example/t%d", i))
		a.PublishedAt, a.ModifiedAt, a.Authors = "", "", nil
		saveIn(r2, day(0), a)
	}
	fail(r2, day(0), "https://news.example/x", "status 500")
	fail(r2, day(0), "https://news.example/y", "status 503")
	fail(r2, day(0), "https://www.down.example:8443/", "dial tcp: connection refused")
	db.FinishRun(ctx, r2, store.RunStats{}, store.RunFailed, day(0).Add(time.Minute))

	st, err := db.Stats(ctx, store.StatsOptions{Days: 3, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if st.From != "2026-11-23" || st.To != "2026-11-25" {
		t.Errorf("window %s..%s", st.From, st.To)
	}
	if st.LastRun == nil || st.LastRun.ID != r2 || st.LastRun.Status != "failed" {
		t.Errorf("last run = %+v", st.LastRun)
	}
	if st.LastDone == nil || st.LastDone.ID != r1 || st.LastDone.FinishedAt != "2026-11-24T18:52:00Z" || st.LastDone.ArticlesStored != 2 {
		t.Errorf("last done = %+v", st.LastDone)
	}
	if len(st.Sites) != 2 || st.Sites[0].Site != "down.example" || st.Sites[1].Site != "news.example" {
		t.Fatalf("sites = %+v", st.Sites)
	}
	down, news := st.Sites[0], st.Sites[1]
	if down.Fetches != 1 || down.FetchErrors != 1 || down.All.N != 0 || down.LastDoneRun != nil ||
		len(down.TopErrors) != 1 || down.TopErrors[0].Error != "dial tcp: connection refused" {
		t.Errorf("down.example = %+v", down)
	}

	if news.All != (store.Fill{N: 7, WithDate: 3, WithAuthor: 3, WithStandfirst: 7}) {
		t.Errorf("all = %+v", news.All)
	}
	wantDays := []store.DayStats{
		{Day: "2026-11-23"},
		{Day: "2026-11-24", Fill: store.Fill{N: 2, WithDate: 2, WithAuthor: 2, WithStandfirst: 2}},
		{Day: "2026-11-25", Fill: store.Fill{N: 4, WithDate: 0, WithAuthor: 0, WithStandfirst: 4}},
	}
	if fmt.Sprint(news.Days) != fmt.Sprint(wantDays) {
		t.Errorf("days = %+v\nwant %+v", news.Days, wantDays)
	}
	if news.Window != (store.Fill{N: 6, WithDate: 2, WithAuthor: 2, WithStandfirst: 6}) {
		t.Errorf("window = %+v", news.Window)
	}
	if news.LastDoneRun == nil || news.LastDoneRun.ID != r1 {
		t.Errorf("last done run = %+v", news.LastDoneRun)
	}
	if news.LastCapturedAt != "2026-11-25T18:51:00Z" {
		t.Errorf("last captured %s", news.LastCapturedAt)
	}
	// Fetches in the window: y1, y2, broken, t0..t3, x, y.
	if news.Fetches != 9 || news.FetchErrors != 3 {
		t.Errorf("fetches %d, errors %d", news.Fetches, news.FetchErrors)
	}
	if fmt.Sprint(news.TopErrors) != "[{status 500 2} {status 503 1}]" {
		t.Errorf("top errors %v", news.TopErrors)
	}
	if r := news.Days[2].Rate(news.Days[2].WithDate); r != 0 {
		t.Errorf("date rate today = %v", r)
	}
	if r := news.Days[0].Rate(0); r != -1 {
		t.Errorf("rate of an empty day = %v, want -1", r)
	}

	one, err := db.Stats(ctx, store.StatsOptions{Site: "news.example", Days: 3, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Sites) != 1 || one.Sites[0].Site != "news.example" || one.Sites[0].Fetches != 9 {
		t.Errorf("--site: %+v", one.Sites)
	}
}

func TestStatsEmptyArchive(t *testing.T) {
	db := MustOpenDB(t)
	st, err := db.Stats(context.Background(), store.StatsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if st.LastRun != nil || st.LastDone != nil || len(st.Sites) != 0 {
		t.Errorf("empty archive stats = %+v", st)
	}
}
