package store

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"
)

// writeBlob commits one transaction that adds n bytes to the WAL, and
// returns once the writer has also trimmed the WAL after it: a job's
// outcome is reported before the trim, so an empty job follows it.
func writeBlob(t *testing.T, db *DB, n int) {
	t.Helper()
	ctx := context.Background()
	err := db.writeTx(ctx, func(tx *wtx) error {
		_, err := tx.Raw().Exec(`INSERT INTO crawl_runs (started_at, seeds, status) VALUES ('2026-01-01T00:00:00Z', ?, 'done')`, strings.Repeat("x", n))
		return err
	})
	if err == nil {
		err = db.writeTx(ctx, func(*wtx) error { return nil })
	}
	if err != nil {
		t.Fatal(err)
	}
}

// onWriter runs f on the writer goroutine, which alone owns the WAL
// fields.
func onWriter(t *testing.T, db *DB, f func()) {
	t.Helper()
	if err := db.writeTx(context.Background(), func(*wtx) error { f(); return nil }); err != nil {
		t.Fatal(err)
	}
}

func walSize(t *testing.T, db *DB) int64 {
	t.Helper()
	fi, err := os.Stat(db.path + "-wal")
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// holdSnapshot opens a read transaction on its own connection, as an
// analyst's long export would; the returned func ends it.
func holdSnapshot(t *testing.T, db *DB) func() {
	t.Helper()
	conn, err := db.sql.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM crawl_runs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return func() {
		tx.Rollback()
		conn.Close()
	}
}

// Between the soft and the hard bound a reader's snapshot never holds the
// writer up, and the WAL is emptied by the first batch after it ends; past
// the hard bound the writer waits for the reader instead of growing the
// WAL further.
func TestWALBoundsWithReaders(t *testing.T) {
	db := openInternal(t)
	onWriter(t, db, func() { db.walTrim, db.walHard = 256<<10, 2<<20 })
	writeBlob(t, db, 1000)
	release := holdSnapshot(t, db)
	for walSize(t, db) < 320<<10 {
		writeBlob(t, db, 32<<10)
	}
	// Past the soft bound with the reader still there: writes go on (a
	// waiting checkpoint would hold each for its busy timeout) and the WAL
	// stays as it is.
	onWriter(t, db, func() { db.nextTrim = time.Time{} })
	writeBlob(t, db, 1000)
	if got := walSize(t, db); got < 256<<10 {
		t.Fatalf("WAL %d bytes with a reader holding an old snapshot: truncated under it?", got)
	}
	var waits int
	onWriter(t, db, func() { waits = db.walWaits })
	if waits != 0 {
		t.Errorf("%d checkpoints waited for the reader under the hard bound", waits)
	}
	release()
	onWriter(t, db, func() { db.nextTrim = time.Time{} })
	writeBlob(t, db, 1000)
	if got := walSize(t, db); got >= 256<<10 {
		t.Errorf("WAL %d bytes after the reader ended, want it emptied", got)
	}

	// Past the hard bound: the batch waits for the reader to finish.
	release = holdSnapshot(t, db)
	for walSize(t, db) < (2<<20)-(64<<10) {
		writeBlob(t, db, 32<<10)
	}
	ended := make(chan struct{})
	go func() {
		time.Sleep(200 * time.Millisecond)
		release()
		close(ended)
	}()
	writeBlob(t, db, 128<<10) // crosses walHard, then waits for the reader
	select {
	case <-ended:
	default:
		t.Fatal("the batch past the hard bound returned while the reader still held its snapshot")
	}
	onWriter(t, db, func() { waits = db.walWaits })
	if got := walSize(t, db); got >= 256<<10 || waits == 0 {
		t.Errorf("WAL %d bytes after %d waits for the reader, want it emptied", got, waits)
	}
}

// SQLite's automatic checkpoint is off (it checkpointed after every
// commit while readers pinned the log): the writer's own checkpoints must
// keep the log near walTrim when no reader is there.
func TestWriterCheckpointsAlone(t *testing.T) {
	db := openInternal(t)
	onWriter(t, db, func() { db.walTrim = 256 << 10 })
	for range 128 { // 4 MiB in all
		onWriter(t, db, func() { db.nextTrim = time.Time{} })
		writeBlob(t, db, 32<<10)
		if got := walSize(t, db); got > 512<<10 {
			t.Fatalf("WAL %d bytes with no reader, want it kept under about %d", got, 256<<10)
		}
	}
}
