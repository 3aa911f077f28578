// Package store keeps the archive in one SQLite file that analysts open
// with sqlite3, Datasette, pandas or R while a crawl may still be running.
// The schema is therefore a public interface: plain column names, UTC
// capture times as ISO-8601 text, NULL for what is unknown. It changes only
// through the numbered migrations embedded from migrations/, each applied
// once and recorded in schema_migrations.
//
// The package is split into files by concern:
//
//   - db.go: opening the file (DSN, pragmas) and the single-writer lock
//   - migrate.go: applying embedded migrations
//   - runs.go: crawl runs
//   - save.go: the fetch log and article upserts, with validation
//   - read.go: read helpers for tests and the CLI
//
// A [DB] is safe for concurrent use. Reads go straight to the connection
// pool, which WAL mode lets run beside a write; writes are serialised
// inside the DB, so callers may save from many goroutines without seeing
// "database is locked".
//
// store imports [github.com/newsarchive/newsarchive/extract] only for the
// Article type; it knows nothing of HTML or crawling.
package store
