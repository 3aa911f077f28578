package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// The raw-page archive: fetches.warc_* point into WARC files kept in a
// folder beside the database (see package store/warc). The store keeps
// only the pointers; paths are relative to the database's folder, so the
// two move together.

// WARCDir returns the folder of an archive's WARC files: the database's
// path without its extension, plus ".warc" (news.db → news.warc).
func WARCDir(dbPath string) string {
	ext := filepath.Ext(dbPath)
	if ext == filepath.Base(dbPath) { // ".db": no stem
		ext = ""
	}
	return strings.TrimSuffix(dbPath, ext) + ".warc"
}

// Capture is a fetch whose response is in the raw archive.
type Capture struct {
	FetchID       int64
	URL           string // as fetched (final URL)
	FetchedAt     time.Time
	Status        int
	ContentType   string
	Truncated     bool
	ArticleID     int64 // 0 when none
	File          string
	Offset        int64
	Length        int64
	RecordID      string
	PayloadDigest string
	// RevisitOf is the fetch whose record holds the payload when this
	// fetch was stored as a revisit record; 0 otherwise.
	RevisitOf int64
}

const captureColumns = `f.id, coalesce(f.final_url, f.url), f.fetched_at, coalesce(f.status, 0),
	coalesce(f.content_type, ''), f.truncated, coalesce(f.article_id, 0),
	f.warc_file, f.warc_offset, f.warc_length, coalesce(f.warc_record_id, ''),
	coalesce(f.payload_digest, ''), coalesce(f.revisit_of, 0)`

func scanCapture(s scanner) (*Capture, error) {
	var c Capture
	var fetched string
	if err := s.Scan(&c.FetchID, &c.URL, &fetched, &c.Status, &c.ContentType, &c.Truncated, &c.ArticleID,
		&c.File, &c.Offset, &c.Length, &c.RecordID, &c.PayloadDigest, &c.RevisitOf); err != nil {
		return nil, err
	}
	t, err := parseTime(fetched)
	if err != nil {
		return nil, fmt.Errorf("fetched_at: %w", err)
	}
	c.FetchedAt = t
	return &c, nil
}

// LastCapture returns the capture holding the payload of the latest
// successful (2xx) archived fetch of url: that fetch, or the one it is a
// revisit of. It returns an error wrapping [ErrNotFound] when there is
// none. The crawl uses it to write an unchanged page as a revisit record.
func (db *DB) LastCapture(ctx context.Context, url string) (*Capture, error) {
	row := db.queryRow(ctx, `SELECT `+captureColumns+`
		FROM fetches AS f WHERE f.id = (
			SELECT coalesce(l.revisit_of, l.id) FROM fetches AS l
			WHERE l.url = ? AND l.warc_file IS NOT NULL AND l.status BETWEEN 200 AND 299 AND NOT l.truncated
			ORDER BY l.id DESC LIMIT 1)`, url)
	c, err := scanCapture(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("last capture of %s: %w", url, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("last capture of %s: %w", url, err)
	}
	return c, nil
}

// CaptureByFetch returns the archived capture of fetch id, or an error
// wrapping [ErrNotFound] when the fetch has no WARC record.
func (db *DB) CaptureByFetch(ctx context.Context, id int64) (*Capture, error) {
	c, err := scanCapture(db.sql.QueryRowContext(ctx, `SELECT `+captureColumns+`
		FROM fetches AS f WHERE f.id = ? AND f.warc_file IS NOT NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("capture of fetch %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("capture of fetch %d: %w", id, err)
	}
	return c, nil
}

// LatestArticleCapture returns the latest archived successful capture
// of article id (a revisit resolved to the capture holding its payload),
// or an error wrapping [ErrNotFound].
func (db *DB) LatestArticleCapture(ctx context.Context, id int64) (*Capture, error) {
	row := db.queryRow(ctx, `SELECT `+captureColumns+`
		FROM fetches AS f WHERE f.id = (
			SELECT coalesce(l.revisit_of, l.id) FROM fetches AS l
			WHERE l.article_id = ? AND l.warc_file IS NOT NULL AND l.status BETWEEN 200 AND 299
			ORDER BY l.id DESC LIMIT 1)`, id)
	c, err := scanCapture(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("capture of article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("capture of article %d: %w", id, err)
	}
	return c, nil
}

// Captures calls fn for every fetch with a WARC record, in id order,
// from one read transaction.
func (db *DB) Captures(ctx context.Context, fn func(*Capture) error) error {
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("captures: begin: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+captureColumns+` FROM fetches AS f
		WHERE f.warc_file IS NOT NULL ORDER BY f.id`)
	if err != nil {
		return fmt.Errorf("captures: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCapture(rows)
		if err != nil {
			return fmt.Errorf("captures: %w", err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("captures: %w", err)
	}
	return nil
}

// ArticleRef is an article selected for re-extraction.
type ArticleRef struct {
	ID           int64
	CanonicalURL string
}

// ArticleRefs returns the ids and canonical URLs of the articles of
// site ("" for all) last captured on or after the UTC day since ("" for
// any), in id order.
func (db *DB) ArticleRefs(ctx context.Context, site, since string) ([]ArticleRef, error) {
	if since != "" {
		if _, err := time.Parse(DayLayout, since); err != nil {
			return nil, fmt.Errorf("since %q is not a day like 2024-03-31: %w", since, ErrInvalid)
		}
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, canonical_url FROM articles
		WHERE (?1 = '' OR site = ?1) AND (?2 = '' OR last_seen_at >= ?2) ORDER BY id`, site, since)
	if err != nil {
		return nil, fmt.Errorf("select articles: %w", err)
	}
	defer rows.Close()
	var out []ArticleRef
	for rows.Next() {
		var r ArticleRef
		if err := rows.Scan(&r.ID, &r.CanonicalURL); err != nil {
			return nil, fmt.Errorf("select articles: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
