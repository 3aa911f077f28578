package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"
)

// Writes go through one writer goroutine that commits whatever is queued
// in one transaction (group commit). A crawl's fetchers each wait for
// their own page to commit, so durability is unchanged, but a burst of
// pages costs one BEGIN, one WAL append of the shared b-tree and FTS
// pages, and one FTS segment flush instead of one each: with FTS5 a
// commit per article is what made the single writer the crawl's
// bottleneck (issue 6).
//
// A page waits for its commit on a crawl worker, not on the request slot,
// so a crawl marks its writes lazy (LazyCommit): the writer then waits up
// to lingerMax for more before it commits, and one commit carries several
// pages (new articles are indexed once per transaction, ftsqueue.go). Any
// other write, and a full batch, ends the wait at once.
//
// Each job runs inside its own SAVEPOINT, so a job that fails is undone
// alone and the others still commit. Some SQLite errors (a full disk, an
// interrupt) roll back the whole transaction; then the batch's other jobs
// are run again one by one, which is why a job's function may run more
// than once and must set its results from scratch.

// maxBatch bounds one transaction, so one commit never holds the write
// lock for long while readers wait on a checkpoint.
const maxBatch = 64

// lingerMax and lazyBatch bound how long lazy jobs wait for company and
// how many they wait for. At a crawl's 400-600 pages a second, one or two
// jobs a page (its new links, the page), 10 ms gathers about five pages.
//
// lazyBatch must stay below the number of a crawl's pages that can wait
// for a commit at once, or the wait only ever ends at lingerMax while the
// crawl's workers sit blocked: at the default Parallel 4 that is 12 (16
// workers, 4 of them requesting), and with 16 every commit waited the
// whole linger and took about 8.5 jobs. With 8 a commit still takes about
// as many, so the writer's cost per page is the same, but a crawl whose
// workers are all waiting gets its commit at once (5,000 articles, 4
// alternated rounds: +2..+6.5% pages/s, CPU per page unchanged). Crawls
// at Parallel 1 or 2 cannot gather 8 and wait as before.
const (
	lingerMax = 10 * time.Millisecond
	lazyBatch = 8
)

// The write-ahead log's bounds. SQLite's own checkpoints copy pages back
// but cannot restart the log while readers keep reading from it, so with
// analysts querying all night the WAL grows without end; a TRUNCATE
// checkpoint waits for the readers of old snapshots (new ones read the
// database file) and empties it, holding new writes back while it waits.
//
// The writer alone checkpoints (wal_autocheckpoint is off in the DSN):
// SQLite's automatic checkpoint runs after every commit once the log
// holds 1,000 pages, and while readers pin the log it never shrinks, so
// every commit paid a checkpoint (and its fsync). Past walTrimBytes the
// writer tries a TRUNCATE checkpoint that does not wait, at most every
// walTryEvery: it succeeds in any gap between readers, and copies what it
// can when there is none. Only past WALLimit does it wait for them, up to
// walWaitHard per batch. Torture's analysts (50 readers in the idle class
// beside a 6,000-article crawl) measured the crawl's pace against its
// solo runs: 57-70% with automatic checkpoints and a 256 MiB limit, 72
// and 75% with the writer's own checkpoints, 73, 80, 81 and 86% with a
// 1 GiB limit as well (the log then peaked at 440-455 MiB). Waiting at
// 32 MiB held it at 11-27%. After the readers stop, the next batch or
// the last close empties the log.
const (
	walTrimBytes = 8 << 20
	walTryEvery  = 250 * time.Millisecond
	walWaitHard  = 5000 // milliseconds
)

// WALLimit is the write-ahead log's size past which the writer waits for
// readers to let it empty the log.
const WALLimit = 1 << 30

var errClosed = errors.New("archive closed")

type writeJob struct {
	ctx  context.Context
	fn   func(*wtx) error
	done chan error
	lazy bool // may wait for others to share its commit (LazyCommit)
	// first must succeed before the job's transaction commits (SyncFirst).
	first Syncer
}

type lazyKey struct{}

type syncKey struct{}

// Syncer makes durable what a write refers to: (*warc.Writer).Sync, so
// that a fetch's row never commits before the raw record it points to is
// on disk.
type Syncer interface {
	Sync() error
}

// SyncFirst marks ctx so that a write under it commits only after s.Sync
// has returned nil, called by the writer once per transaction for every
// write that names s. A crawl's fetches name the WARC file they wrote
// their raw pages to: the file is then synced once per commit, while the
// transaction's statements run, instead of once or twice a page on the
// crawl's workers (3,800 fsyncs for 5,136 pages, each holding a worker
// and an OS thread while the page's commit could have been under way;
// issue 6). A failed Sync fails the transaction's writes that named s.
func SyncFirst(ctx context.Context, s Syncer) context.Context {
	return context.WithValue(ctx, syncKey{}, s)
}

// LazyCommit marks ctx so that a write under it may wait a few
// milliseconds for other writes to share its transaction, for callers
// that write often from many goroutines and are not on a latency path (a
// crawl's pages). Durability is unchanged: the write still returns only
// once committed.
func LazyCommit(ctx context.Context) context.Context {
	return context.WithValue(ctx, lazyKey{}, true)
}

func (db *DB) startWriter() {
	db.jobs = make(chan *writeJob)
	db.closed = make(chan struct{})
	db.writerDone = make(chan struct{})
	go db.writeLoop()
}

// stopWriter lets the batch in progress commit, refuses new jobs, and
// waits for the writer to exit.
func (db *DB) stopWriter() {
	db.closeOnce.Do(func() { close(db.closed) })
	<-db.writerDone
}

// writeTx runs fn in a write transaction and returns once it has
// committed (nil) or been undone (the error). fn may run more than once.
func (db *DB) writeTx(ctx context.Context, fn func(*wtx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1), lazy: ctx.Value(lazyKey{}) != nil}
	j.first, _ = ctx.Value(syncKey{}).(Syncer)
	select {
	case db.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-db.closed:
		return fmt.Errorf("write %s: %w", db.path, errClosed)
	}
	// Once handed over the job may commit: its outcome must be awaited
	// even if ctx ends meanwhile.
	return <-j.done
}

func (db *DB) writeLoop() {
	defer close(db.writerDone)
	batch := make([]*writeJob, 0, maxBatch)
	linger := time.NewTimer(time.Hour)
	linger.Stop()
	for {
		select {
		case j := <-db.jobs:
			batch = append(batch[:0], j)
		case <-db.closed:
			return
		}
		batch = db.gather(batch, linger)
		db.runBatch(batch)
		db.trimWAL()
	}
}

// gather adds the jobs queued behind batch's first. While every job is
// lazy and the batch is under lazyBatch, it also waits for more, up to
// db.linger from the first.
func (db *DB) gather(batch []*writeJob, linger *time.Timer) []*writeJob {
	wait := batch[0].lazy
	if wait {
		linger.Reset(db.linger)
		defer linger.Stop()
	}
	for len(batch) < maxBatch {
		if wait && len(batch) < lazyBatch {
			select {
			case j := <-db.jobs:
				batch = append(batch, j)
				wait = j.lazy
			case <-linger.C:
				wait = false
			case <-db.closed:
				wait = false
			}
			continue
		}
		select {
		case j := <-db.jobs:
			batch = append(batch, j)
		default:
			return batch
		}
	}
	return batch
}

// runBatch runs the jobs in one transaction and reports each outcome.
func (db *DB) runBatch(batch []*writeJob) {
	if len(batch) == 1 {
		batch[0].done <- db.runAlone(batch[0])
		return
	}
	// The transaction is the batch's, not any one caller's: a caller's
	// cancelled context must not roll back the others' work.
	tx, err := db.sql.BeginTx(context.Background(), nil)
	if err != nil {
		for _, j := range batch {
			j.done <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	var ok []*writeJob // run and kept, awaiting the commit
	t := &wtx{tx, &db.stmts, &ftsQueue{}}
	// The syncs run while the statements do; the commit waits for them.
	syncs := startSyncs(batch)
	for i, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.done <- err
			continue
		}
		err := runSavepoint(t, j)
		if err == nil {
			ok = append(ok, j)
			continue
		}
		var lost *txLostError
		if !errors.As(err, &lost) {
			j.done <- err // undone alone
			continue
		}
		// The transaction is gone: j failed, the others get their own.
		tx.Rollback()
		syncs.wait()
		j.done <- lost.err
		for _, k := range append(ok, batch[i+1:]...) {
			k.done <- db.runAlone(k)
		}
		return
	}
	if err := t.fts.flush(context.Background(), t); err != nil {
		// Not one job's fault, and the transaction may be gone: each
		// gets a transaction of its own.
		tx.Rollback()
		syncs.wait()
		for _, k := range ok {
			k.done <- db.runAlone(k)
		}
		return
	}
	if failed := syncs.wait(); len(failed) > 0 {
		// What some jobs point to may not be on disk: they fail, and
		// the others commit without them.
		tx.Rollback()
		for _, k := range ok {
			if e := failed[k.first]; e != nil {
				k.done <- e
			} else {
				k.done <- db.runAlone(k)
			}
		}
		return
	}
	err = tx.Commit()
	if err != nil {
		err = fmt.Errorf("commit: %w", err)
	}
	for _, j := range ok {
		j.done <- err
	}
}

// pendingSyncs are the Syncers of a batch's jobs, each called once, under way.
type pendingSyncs map[Syncer]chan error

// startSyncs calls, each on a goroutine of its own, the Sync of every
// distinct Syncer the batch's jobs name.
func startSyncs(batch []*writeJob) pendingSyncs {
	var p pendingSyncs
	for _, j := range batch {
		if j.first == nil || p[j.first] != nil {
			continue
		}
		if p == nil {
			p = pendingSyncs{}
		}
		ch := make(chan error, 1)
		p[j.first] = ch
		go func(s Syncer) { ch <- s.Sync() }(j.first)
	}
	return p
}

// wait waits for the syncs and returns the errors of those that failed.
func (p pendingSyncs) wait() map[Syncer]error {
	var failed map[Syncer]error
	for s, ch := range p {
		if err := <-ch; err != nil {
			if failed == nil {
				failed = map[Syncer]error{}
			}
			failed[s] = fmt.Errorf("sync before commit: %w", err)
		}
	}
	return failed
}

// txLostError is a job's error after which its savepoint could not be
// rolled back: SQLite ended the whole transaction.
type txLostError struct{ err error }

func (e *txLostError) Error() string { return e.err.Error() }

func runSavepoint(t *wtx, j *writeJob) error {
	tx := t.Raw()
	if _, err := tx.Exec("SAVEPOINT job"); err != nil {
		return &txLostError{fmt.Errorf("savepoint: %w", err)}
	}
	// Undoing the job undoes any indexing it flushed too, so the queue
	// goes back to what it was.
	queued := slices.Clone(t.fts.ids)
	if err := j.fn(t); err != nil {
		t.fts.ids = append(t.fts.ids[:0], queued...)
		if _, rerr := tx.Exec("ROLLBACK TO job"); rerr != nil {
			return &txLostError{err}
		}
		if _, rerr := tx.Exec("RELEASE job"); rerr != nil {
			return &txLostError{err}
		}
		return err
	}
	if _, err := tx.Exec("RELEASE job"); err != nil {
		return &txLostError{fmt.Errorf("release savepoint: %w", err)}
	}
	return nil
}

// runAlone runs one job in its own transaction.
func (db *DB) runAlone(j *writeJob) error {
	if err := j.ctx.Err(); err != nil {
		return err
	}
	tx, err := db.sql.BeginTx(j.ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	t := &wtx{tx, &db.stmts, &ftsQueue{}}
	syncs := startSyncs([]*writeJob{j})
	if err := j.fn(t); err != nil {
		tx.Rollback()
		syncs.wait()
		return err
	}
	if err := t.fts.flush(j.ctx, t); err != nil {
		tx.Rollback()
		syncs.wait()
		return err
	}
	if failed := syncs.wait(); failed[j.first] != nil {
		tx.Rollback()
		return failed[j.first]
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// trimWAL checkpoints and truncates the WAL when it has grown past
// db.walTrim (see walTrimBytes). Called by the writer after every batch (a
// stat costs microseconds; a batch can add megabytes). Failure is not an
// error: the data is safe in the WAL, and a later batch tries again.
func (db *DB) trimWAL() {
	fi, err := os.Stat(db.path + "-wal")
	if err != nil || fi.Size() < db.walTrim {
		return
	}
	wait := 0
	if fi.Size() >= db.walHard {
		wait = walWaitHard
		db.walWaits++
	} else if time.Now().Before(db.nextTrim) {
		return
	}
	db.nextTrim = time.Now().Add(walTryEvery)
	ctx := context.Background()
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return
	}
	defer conn.Close()
	// busy_timeout is per connection: changed for this checkpoint only.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", wait)); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // drop it from the pool
		return
	}
	var busy, frames, done int
	conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &done)
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = "+busyTimeout); err != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}
