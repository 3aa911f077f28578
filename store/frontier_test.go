package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/store"
)

// FrontierNext hands out, per host not skipped, the oldest due URLs not
// yet taken in this run: queued ones and those whose revisit time has
// come, never more than perHost, and marks them taken.
func TestFrontierNext(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	start := t0
	var es []store.FrontierEntry
	add := func(host string, n int) {
		for i := range n {
			es = append(es, store.FrontierEntry{URL: fmt.Sprintf("https://%s/p%d", host, i), Host: host, Resource: "page"})
		}
	}
	add("a.example", 5)
	add("b.example", 3)
	add("c.example", 3)
	if _, err := db.FrontierAdd(ctx, es, start.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	// c: two fetched earlier and due again, one not due until later.
	for i, due := range []time.Time{start.Add(-time.Minute), start.Add(-time.Minute), start.Add(time.Hour)} {
		v := store.FrontierVisit{URL: fmt.Sprintf("https://c.example/p%d", i), State: store.FrontierDone, FetchedAt: start.Add(-2 * time.Hour), RevisitAt: due}
		if err := db.FrontierSettle(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	urls := func(es []store.FrontierEntry) string {
		var out []string
		for _, e := range es {
			out = append(out, strings.TrimPrefix(e.URL, "https://"))
		}
		return strings.Join(out, " ")
	}
	got, err := db.FrontierNext(ctx, 7, start, false, 2, []string{"b.example"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "a.example/p0 a.example/p1 c.example/p0 c.example/p1"; urls(got) != want {
		t.Errorf("first call: %s, want %s", urls(got), want)
	}
	got, _ = db.FrontierNext(ctx, 7, start, false, 2, nil)
	if want := "a.example/p2 a.example/p3 b.example/p0 b.example/p1"; urls(got) != want {
		t.Errorf("second call: %s, want %s", urls(got), want)
	}
	// Another run takes everything due again, from the start.
	got, _ = db.FrontierNext(ctx, 8, start, false, 10, nil)
	if n := len(got); n != 10 {
		t.Errorf("a new run got %d URLs (%s), want the 10 due", n, urls(got))
	}
	// --revisit-all: the URL not due yet comes too.
	got, _ = db.FrontierNext(ctx, 9, start, true, 10, nil)
	if n := len(got); n != 11 {
		t.Errorf("revisit-all got %d URLs, want 11", n)
	}
}
