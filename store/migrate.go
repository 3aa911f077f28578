package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

type migration struct {
	version int
	name    string
	sql     string
	noFK    bool // run with foreign keys off (noFKMark)
}

// noFKMark, on a line of its own in a migration, makes it run on a
// connection with foreign keys off: a table rebuild drops a table others
// refer to, and with them on the drop would delete their rows by
// cascade. The keys are checked before the migration commits.
const noFKMark = "-- newsarchive: foreign keys off"

// migrations lists the embedded files in version order. A file name must
// start with its version number ("0001_init.sql"), so the order is in the
// name and a gap or duplicate is caught here rather than in production.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name must be NNNN_description.sql", base)
		}
		v, err := strconv.Atoi(num)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: bad version %q", base, num)
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body),
			noFK: slices.Contains(strings.Split(string(body), "\n"), noFKMark)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies each migration the database lacks, each in its own
// transaction so a failure leaves the schema at the last good version.
// The applied check runs inside the (immediate) transaction, so two
// processes opening a new archive at once cannot both apply a migration.
func (db *DB) migrate(ctx context.Context) error {
	// Migrations are short and each is atomic; finishing one is better
	// than failing the open because a signal arrived meanwhile (a crawl
	// interrupted at start still records its run as interrupted).
	ctx = context.WithoutCancel(ctx)
	ms, err := migrations()
	if err != nil {
		return err
	}
	if err := db.writeTx(ctx, func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			applied_at TEXT NOT NULL
		)`)
		return err
	}); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}

	var newest sql.NullInt64
	if err := db.sql.QueryRowContext(ctx, `SELECT max(version) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if latest := ms[len(ms)-1].version; newest.Int64 > int64(latest) {
		// An older binary must not write into a schema it does not know.
		return fmt.Errorf("schema version %d is newer than this program's %d", newest.Int64, latest)
	}

	for _, m := range ms {
		var err error
		if m.noFK {
			err = db.applyWithoutFK(ctx, m)
		} else {
			err = db.writeTx(ctx, func(tx *wtx) error { return apply(ctx, tx.Raw(), m) })
		}
		if err != nil {
			return fmt.Errorf("migrate %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs m in tx unless another process has applied it meanwhile.
func apply(ctx context.Context, tx *sql.Tx, m migration) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	// Rows that broke a foreign key before (written by another program
	// with the keys off) must not block the upgrade; new ones fail it.
	var badBefore int
	if m.noFK {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&badBefore); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil { // a script of many statements
		return err
	}
	if m.noFK {
		var bad int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&bad); err != nil {
			return err
		}
		if bad > badBefore {
			return fmt.Errorf("%d rows would break foreign keys (%d did before)", bad, badBefore)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		m.version, formatTime(time.Now())); err != nil {
		return err
	}
	// user_version lets tools that know nothing of our table
	// (sqlite3's .dbinfo, Datasette) see the schema version.
	// PRAGMA takes no bound parameters; the value is an int.
	_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
	return err
}

// applyWithoutFK applies m in a transaction of its own on a connection
// with foreign keys off (the pragma is a no-op inside a transaction), and
// then closes that connection so no other work runs without them.
func (db *DB) applyWithoutFK(ctx context.Context, m migration) error {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, m.version).Scan(&n); err != nil || n > 0 {
		return err // applied long ago: no connection to spend
	}
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := apply(ctx, tx, m); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// formatTime is the one format for capture times: UTC, seconds, "Z", so
// the text sorts in time order.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func parseTime(s string) (time.Time, error) { return time.Parse(time.RFC3339, s) }
