package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

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
const dsnParams = "_pragma=busy_timeout(" + busyTimeout + ")" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(NORMAL)" +
	// The writer checkpoints on its own schedule (writer.go).
	"&_pragma=wal_autocheckpoint(0)" +
	// A WAL reset by a checkpoint is cut back to this size instead of
	// staying as large as it ever grew.
	"&_pragma=journal_size_limit(67108864)" +
	"&_txlock=immediate"

// busyTimeout is how long, in milliseconds, a connection waits for a lock
// held by another process before giving up.
const busyTimeout = "10000"

// DB is an open archive. It is safe for concurrent use by many goroutines.
type DB struct {
	sql  *sql.DB
	path string

	// The one writer goroutine and its queue (writer.go).
	jobs       chan *writeJob
	closed     chan struct{}
	closeOnce  sync.Once
	writerDone chan struct{}
	nextTrim   time.Time // no waitless WAL truncation before then; writer only
	walTrim    int64     // walTrimBytes, WALLimit; smaller in tests
	walHard    int64
	walWaits   int           // checkpoints that waited for readers; writer only
	linger     time.Duration // lingerMax; longer in tests
	stmts      stmtCache     // write statements, prepared once (stmtcache.go)
}

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
	db := &DB{sql: sqlDB, path: path, walTrim: walTrimBytes, walHard: WALLimit, linger: lingerMax}
	db.stmts.db = sqlDB
	db.startWriter()
	if err := db.migrate(ctx); err != nil {
		db.stopWriter()
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
	db.stopWriter()
	db.stmts.close()
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
