package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned by lookups that match no row.
var ErrNotFound = errors.New("not found")

// ErrInvalid is wrapped by errors for input the store refuses to write,
// so a crawler can count the page as failed and carry on.
var ErrInvalid = errors.New("invalid input")

// dsnParams are in the DSN rather than run once with Exec, because
// database/sql opens connections on demand and an Exec'd PRAGMA reaches
// only one of them. busy_timeout comes first so that the journal_mode
// switch on a fresh connection waits for other processes instead of
// failing. _txlock=immediate takes the write lock at BEGIN: a deferred
// transaction that reads and then writes fails at once with "database is
// locked" when another connection has written in between.
const dsnParams = "_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)" +
	// A WAL reset by a checkpoint is cut back to this size instead of
	// staying as large as it ever grew.
	"&_pragma=journal_size_limit(67108864)" +
	"&_txlock=immediate"

// DB is an open archive. It is safe for concurrent use by many goroutines.
type DB struct {
	sql  *sql.DB
	path string

	// writeSem admits one writer at a time. SQLite allows only one anyway;
	// queueing here instead of in busy_timeout keeps waits fair and free of
	// "database is locked" under load. A one-slot channel rather than a
	// sync.Mutex so a waiting writer still honours its context.
	writeSem chan struct{}
	commits  int // write transactions since the last WAL size check; under writeSem
}

// walCheckEvery and walMaxBytes bound the write-ahead log. SQLite's own
// checkpoints copy pages back but cannot restart the log while readers
// keep reading from it, so with analysts querying all night the WAL grows
// without end; a TRUNCATE checkpoint waits for the readers of old
// snapshots (new ones read the database file) and empties it.
const (
	walCheckEvery = 200
	walMaxBytes   = 32 << 20
)

// Open opens the archive at path, creating it if needed, and applies any
// migrations it lacks.
func Open(ctx context.Context, path string) (*DB, error) {
	dsn, err := dsnFor(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{sql: sqlDB, path: path, writeSem: make(chan struct{}, 1)}
	if err := db.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// dsnFor builds a file: URI for path. The URI form is what lets SQLite
// see the path and the driver see the parameters, but it also means '?',
// '#' and '%' in the path would be read as URI syntax, so the path is
// percent-encoded; SQLite decodes it again. The path is made absolute
// because a relative path starting with "//" would parse as an authority.
func dsnFor(path string) (string, error) {
	if path == "" {
		return "", errors.New("empty path")
	}
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		// Each pooled connection would get its own in-memory database,
		// and a caller's URI would be escaped into a file name.
		return "", fmt.Errorf("path must be a file name, not %q", path)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows drive letter: file:///C:/...
	}
	u := url.URL{Scheme: "file", Path: p, RawQuery: dsnParams}
	return u.String(), nil
}

// Close closes the database. Writes in progress finish first.
func (db *DB) Close() error {
	if err := db.sql.Close(); err != nil {
		return fmt.Errorf("close %s: %w", db.path, err)
	}
	return nil
}

// SQL returns the underlying pool for read-only queries (the CLI's stats,
// search and export). Writing through it bypasses the store's single
// writer and its validation.
func (db *DB) SQL() *sql.DB { return db.sql }

// Path returns the file name the DB was opened with.
func (db *DB) Path() string { return db.path }

// lockWrite waits for the write slot or for ctx to end.
func (db *DB) lockWrite(ctx context.Context) error {
	select {
	case db.writeSem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (db *DB) unlockWrite() { <-db.writeSem }

// writeTx runs fn in one write transaction, holding the write slot.
func (db *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := db.lockWrite(ctx); err != nil {
		return err
	}
	defer db.unlockWrite()
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	db.commits++
	if db.commits >= walCheckEvery {
		db.commits = 0
		db.trimWAL(ctx)
	}
	return nil
}

// trimWAL checkpoints and truncates the WAL when it has grown past
// walMaxBytes. Called with the write slot held. Failure is not an error:
// the data is safe in the WAL, and the next check tries again.
func (db *DB) trimWAL(ctx context.Context) {
	fi, err := os.Stat(db.path + "-wal")
	if err != nil || fi.Size() < walMaxBytes {
		return
	}
	db.sql.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
}
