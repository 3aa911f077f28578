package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

func openInternal(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// insertRun is a job that adds one crawl run with the given seed and
// counts how often it ran.
func insertRun(ctx context.Context, seed string, runs *int) *writeJob {
	return &writeJob{ctx: ctx, done: make(chan error, 1), fn: func(tx *wtx) error {
		*runs++
		_, err := tx.Raw().Exec(`INSERT INTO crawl_runs (started_at, seeds, status) VALUES ('2026-01-01T00:00:00Z', ?, 'done')`, seed)
		return err
	}}
}

func seeds(t *testing.T, db *DB) map[string]bool {
	t.Helper()
	rows, err := db.sql.Query(`SELECT seeds FROM crawl_runs`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got[s] = true
	}
	return got
}

func TestBatchUndoesOnlyTheFailedJob(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	var ra, rc int
	a, c := insertRun(ctx, "a", &ra), insertRun(ctx, "c", &rc)
	boom := errors.New("boom")
	b := &writeJob{ctx: ctx, done: make(chan error, 1), fn: func(tx *wtx) error {
		if _, err := tx.Raw().Exec(`INSERT INTO crawl_runs (started_at, seeds, status) VALUES ('x', 'b', 'done')`); err != nil {
			return err
		}
		return boom
	}}
	db.runBatch([]*writeJob{a, b, c})
	if err := <-a.done; err != nil {
		t.Errorf("a: %v", err)
	}
	if err := <-b.done; !errors.Is(err, boom) {
		t.Errorf("b: got %v, want boom", err)
	}
	if err := <-c.done; err != nil {
		t.Errorf("c: %v", err)
	}
	got := seeds(t, db)
	if !got["a"] || got["b"] || !got["c"] || len(got) != 2 {
		t.Errorf("stored %v, want a and c only", got)
	}
	if ra != 1 || rc != 1 {
		t.Errorf("jobs ran %d and %d times, want once each in one transaction", ra, rc)
	}
}

// When SQLite ends the whole transaction (a full disk, an interrupt), the
// batch's other jobs are committed on their own.
func TestBatchSurvivesLostTransaction(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	var ra, rc int
	a, c := insertRun(ctx, "a", &ra), insertRun(ctx, "c", &rc)
	killer := &writeJob{ctx: ctx, done: make(chan error, 1), fn: func(tx *wtx) error {
		if _, err := tx.Raw().Exec(`ROLLBACK`); err != nil {
			return err
		}
		return errors.New("transaction rolled back")
	}}
	db.runBatch([]*writeJob{a, killer, c})
	for name, j := range map[string]*writeJob{"a": a, "c": c} {
		if err := <-j.done; err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if err := <-killer.done; err == nil {
		t.Error("the job that lost the transaction reported success")
	}
	if got := seeds(t, db); !got["a"] || !got["c"] || len(got) != 2 {
		t.Errorf("stored %v, want a and c", got)
	}
	if ra != 2 || rc != 1 {
		t.Errorf("a ran %d times (want 2: batch, then alone), c %d (want 1)", ra, rc)
	}
}

func TestBatchSkipsCancelledJob(t *testing.T) {
	db := openInternal(t)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	var ra, rb int
	a, b := insertRun(context.Background(), "a", &ra), insertRun(cancelled, "b", &rb)
	db.runBatch([]*writeJob{a, b})
	if err := <-a.done; err != nil {
		t.Errorf("a: %v", err)
	}
	if err := <-b.done; !errors.Is(err, context.Canceled) {
		t.Errorf("b: got %v, want context.Canceled", err)
	}
	if got := seeds(t, db); !got["a"] || got["b"] {
		t.Errorf("stored %v, want a only", got)
	}
}

func TestConcurrentWritersAllCommit(t *testing.T) {
	db := openInternal(t)
	const n = 300
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- db.writeTx(context.Background(), func(tx *wtx) error {
				_, err := tx.Raw().Exec(`INSERT INTO crawl_runs (started_at, seeds, status) VALUES ('x', ?, 'done')`, fmt.Sprint(i))
				return err
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if got := len(seeds(t, db)); got != n {
		t.Errorf("%d runs stored, want %d", got, n)
	}
}

func TestWriteAfterClose(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	err = db.writeTx(context.Background(), func(*wtx) error { return nil })
	if !errors.Is(err, errClosed) {
		t.Errorf("write after close: got %v, want errClosed", err)
	}
}

// Statements are prepared once and reused; queries built at run time
// beyond the cache's size still run, unprepared.
func TestStatementCache(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	for i := range stmtCacheMax + 20 {
		q := fmt.Sprintf("INSERT INTO crawl_runs (started_at, seeds, status) VALUES ('x', '%d', 'done')", i)
		for range 2 {
			if err := db.writeTx(ctx, func(tx *wtx) error { _, err := tx.ExecContext(ctx, q); return err }); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := len(db.stmts.stmts); n > stmtCacheMax {
		t.Errorf("%d statements cached, cap %d", n, stmtCacheMax)
	}
	var n int
	db.sql.QueryRow(`SELECT count(*) FROM crawl_runs`).Scan(&n)
	if n != 2*(stmtCacheMax+20) {
		t.Errorf("%d rows, want %d", n, 2*(stmtCacheMax+20))
	}
	// A multi-statement script through the cache would run its first
	// statement only: migrations go through Raw.
	if err := db.writeTx(ctx, func(tx *wtx) error {
		_, err := tx.Raw().ExecContext(ctx, "CREATE TABLE t1 (a); CREATE TABLE t2 (a);")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.sql.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name IN ('t1', 't2')`).Scan(&n)
	if n != 2 {
		t.Errorf("%d of 2 tables created", n)
	}
}

// Lazy writes wait for company: lazyBatch of them share one transaction,
// and fewer share one with the next write that is not lazy, or with the
// archive's close. The linger is an hour here, so nothing else can end
// the wait. Jobs go straight onto the writer's unbuffered queue, so each
// send returns once the writer holds the job, and the order is the test's.
func TestLazyWritesShareCommits(t *testing.T) {
	for _, end := range []string{"full", "eager", "close"} {
		t.Run(end, func(t *testing.T) {
			db := openInternal(t)
			db.linger = time.Hour
			n := 3
			if end == "full" {
				n = lazyBatch
			}
			var jobs []*writeJob
			txs := make([]*wtx, n+1)
			for i := range n + 1 {
				jobs = append(jobs, &writeJob{ctx: context.Background(), done: make(chan error, 1), lazy: i < n,
					fn: func(tx *wtx) error { txs[i] = tx; return nil }})
			}
			for _, j := range jobs[:n] {
				db.jobs <- j
			}
			switch end {
			case "eager":
				db.jobs <- jobs[n]
				n++
			case "close":
				go db.Close()
			}
			for i, j := range jobs[:n] {
				select {
				case err := <-j.done:
					if err != nil {
						t.Fatalf("write %d: %v", i, err)
					}
				case <-time.After(30 * time.Second):
					t.Fatalf("write %d still waiting after 30 s", i)
				}
			}
			for i := 1; i < n; i++ {
				if txs[i] != txs[0] {
					t.Errorf("write %d ran in another transaction than write 0", i)
				}
			}
		})
	}
}

// syncer is a Syncer that counts its calls and, at each, how many crawl
// runs another connection already sees committed.
type syncer struct {
	db        *DB
	err       error
	mu        sync.Mutex
	calls     int
	committed []int
}

func (s *syncer) Sync() error {
	var n int
	s.db.sql.QueryRow(`SELECT count(*) FROM crawl_runs`).Scan(&n)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	s.committed = append(s.committed, n)
	return s.err
}

// The writes of a batch that name a Syncer commit only after it has
// synced, once for the batch however many name it; a failed sync fails
// the writes that named it, and the batch's others still commit.
func TestSyncFirst(t *testing.T) {
	db := openInternal(t)
	ctx := context.Background()
	ok := &syncer{db: db}
	var ra, rb, rc int
	a, b, c := insertRun(ctx, "a", &ra), insertRun(ctx, "b", &rb), insertRun(ctx, "c", &rc)
	a.first, b.first = ok, ok
	db.runBatch([]*writeJob{a, b, c})
	for name, j := range map[string]*writeJob{"a": a, "b": b, "c": c} {
		if err := <-j.done; err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if ok.calls != 1 || ok.committed[0] != 0 {
		t.Errorf("synced %d times, seeing %v runs committed; want once, before the commit", ok.calls, ok.committed)
	}

	bad := &syncer{db: db, err: errors.New("disk gone")}
	var rd, re int
	d, e := insertRun(ctx, "d", &rd), insertRun(ctx, "e", &re)
	d.first = bad
	db.runBatch([]*writeJob{d, e})
	if err := <-d.done; err == nil || !errors.Is(err, bad.err) {
		t.Errorf("d: got %v, want the sync's error", err)
	}
	if err := <-e.done; err != nil {
		t.Errorf("e: %v", err)
	}

	// Alone, and through writeTx.
	var rf int
	f := insertRun(ctx, "f", &rf)
	f.first = bad
	db.runBatch([]*writeJob{f})
	if err := <-f.done; !errors.Is(err, bad.err) {
		t.Errorf("f: got %v, want the sync's error", err)
	}
	err := db.writeTx(SyncFirst(ctx, ok), func(tx *wtx) error {
		_, err := tx.Raw().Exec(`INSERT INTO crawl_runs (started_at, seeds, status) VALUES ('2026-01-01T00:00:00Z', 'g', 'done')`)
		return err
	})
	if err != nil {
		t.Errorf("g: %v", err)
	}
	if ok.calls != 2 || ok.committed[1] != 4 {
		t.Errorf("synced %d times, the last seeing %v runs committed; want twice, the last before g's commit", ok.calls, ok.committed)
	}
	if got := seeds(t, db); !got["a"] || !got["b"] || !got["c"] || got["d"] || !got["e"] || got["f"] || !got["g"] || len(got) != 5 {
		t.Errorf("stored %v, want a, b, c, e and g", got)
	}
}
