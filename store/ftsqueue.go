package store

import (
	"context"
	"fmt"
	"slices"
)

// New articles enter the full-text index at the end of their
// transaction, all in one statement, rather than through an AFTER INSERT
// trigger (migration 0006 dropped it). FTS5 writes its pending terms to
// a new segment whenever a savepoint opens, and every trigger-firing
// INSERT opens one, so with the trigger each article wrote a segment of
// its own however many shared a commit: about a third of the writer's
// time, and most of the WAL it appended. The update and delete triggers
// stay: they fire on changed text, which a crawl rarely brings.

// ftsQueue holds the ids of articles inserted in the current
// transaction and not yet indexed. A batch's jobs share one.
type ftsQueue struct {
	ids []int64
}

func (q *ftsQueue) add(id int64) {
	q.ids = append(q.ids, id)
}

// pending reports whether id waits to be indexed.
func (q *ftsQueue) pending(id int64) bool {
	return slices.Contains(q.ids, id)
}

// flush indexes the queued articles. It must run before the commit and
// before any statement that fires the update or delete trigger on a
// queued row, which would otherwise remove terms never added.
func (q *ftsQueue) flush(ctx context.Context, t *wtx) error {
	if len(q.ids) == 0 {
		return nil
	}
	ids, err := marshalJSON(q.ids)
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO articles_fts (rowid, headline, standfirst, body)
		SELECT id, headline, standfirst, body FROM articles
		WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`, string(ids)); err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	q.ids = q.ids[:0]
	return nil
}
