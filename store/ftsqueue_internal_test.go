package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newsarchive/newsarchive/extract"
)

func queueArticle(url, body string) *extract.Article {
	return &extract.Article{URL: url, CanonicalURL: url, Site: "news.example", Kind: extract.KindArticle,
		Headline: "Council story", Body: body, WordCount: 3}
}

// upsertJob stores a as seen at seen, then fails with fail if not nil.
func upsertJob(t *testing.T, a *extract.Article, seen time.Time, fail error) *writeJob {
	t.Helper()
	row, err := newArticleRow(a, seen)
	if err != nil {
		t.Fatal(err)
	}
	return &writeJob{ctx: context.Background(), done: make(chan error, 1), fn: func(tx *wtx) error {
		if _, _, err := row.upsert(context.Background(), tx, "crawl"); err != nil {
			return err
		}
		return fail
	}}
}

func ftsMatches(t *testing.T, db *DB, word string) int {
	t.Helper()
	var n int
	if err := db.sql.QueryRow(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?`, word).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// One batch inserts an article and, in a later job, changes its text:
// the update trigger must find the first text indexed. Jobs that fail,
// before or after an update flushed the queue, leave nothing in the
// index, and the others' articles are indexed all the same.
func TestBatchIndexesArticlesOnce(t *testing.T) {
	db := openInternal(t)
	t0 := time.Date(2026, 11, 26, 5, 0, 0, 0, time.UTC)
	boom := errors.New("boom")
	a1 := queueArticle("https://news.example/a", "alpha words here")
	a2 := queueArticle("https://news.example/a", "beta words here")
	b := queueArticle("https://news.example/b", "gamma words here")
	c := queueArticle("https://news.example/c", "delta words here")
	a3 := queueArticle("https://news.example/a", "epsilon words here")
	batch := []*writeJob{
		upsertJob(t, a1, t0, nil),
		upsertJob(t, b, t0, nil),
		upsertJob(t, a3, t0.Add(time.Minute), boom),  // flushes a1 and b, updates, undone
		upsertJob(t, a2, t0.Add(2*time.Minute), nil), // flushes them again, updates
		upsertJob(t, c, t0, boom),                    // undone
	}
	db.runBatch(batch)
	for i, j := range batch {
		err := <-j.done
		if want := i == 2 || i == 4; (err != nil) != want {
			t.Errorf("job %d: err %v", i, err)
		}
	}
	if err := db.CheckFTS(context.Background()); err != nil {
		t.Fatal(err)
	}
	for word, want := range map[string]int{"alpha": 0, "beta": 1, "gamma": 1, "delta": 0, "epsilon": 0, "words": 2} {
		if n := ftsMatches(t, db, word); n != want {
			t.Errorf("%s matches %d, want %d", word, n, want)
		}
	}
}

// A job alone (the path after a batch's transaction is lost) indexes its
// article before its commit too.
func TestRunAloneIndexes(t *testing.T) {
	db := openInternal(t)
	j := upsertJob(t, queueArticle("https://news.example/z", "zeta words"), time.Now(), nil)
	if err := db.runAlone(j); err != nil {
		t.Fatal(err)
	}
	if err := db.CheckFTS(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := ftsMatches(t, db, "zeta"); n != 1 {
		t.Errorf("zeta matches %d, want 1", n)
	}
}
