package store_test

import (
	"context"
	"testing"
	"time"
)

// Schema 5 stores a version's body only when it is not the article's
// current body; every reader still sees each version's own text.
func TestVersionBodiesStoredOnce(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	a := testArticle("https://news.example/bridge")
	bodies := []string{"First paragraph.\n\nSecond paragraph.", "First paragraph.\n\nSecond paragraph, corrected.", "A third text."}
	var id int64
	for i, body := range bodies {
		a.Body = body
		var err error
		if id, err = db.SaveFetch(ctx, fetchFor(a, t0.Add(time.Duration(i)*time.Hour)), a); err != nil {
			t.Fatal(err)
		}
		// Only the current version leans on articles.body.
		if n := count(t, db, `SELECT count(*) FROM article_versions_data WHERE body IS NULL`); n != 1 {
			t.Errorf("after version %d: %d rows share the article's body, want 1", i+1, n)
		}
	}
	// An older capture committed late is kept as a version with its own text.
	a.Body = "A capture from before the first."
	if _, err := db.SaveFetch(ctx, fetchFor(a, t0.Add(-time.Hour)), a); err != nil {
		t.Fatal(err)
	}
	want := append(bodies, a.Body)
	check := func(when string) {
		t.Helper()
		vs, err := db.ArticleVersions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != len(want) {
			t.Fatalf("%s: %d versions, want %d", when, len(vs), len(want))
		}
		for i, v := range vs {
			if v.Body != want[i] {
				t.Errorf("%s: version %d body %q, want %q", when, v.Version, v.Body, want[i])
			}
		}
	}
	check("after saves")

	// Another program rewriting the article's body does not rewrite history.
	if _, err := db.SQL().Exec(`UPDATE articles SET body = 'Edited by hand.' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	check("after a direct update")
	if n := count(t, db, `SELECT count(*) FROM article_versions_data WHERE body IS NULL`); n != 0 {
		t.Errorf("%d rows still point at the changed body", n)
	}
}
