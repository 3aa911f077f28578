package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// ExportColumns are the column names of an export, in order: every column
// of the articles table, then related (the article's related links).
// They are a public interface, like the table's.
var ExportColumns = []string{
	"id", "url", "canonical_url", "site", "kind", "headline", "standfirst", "body",
	"authors", "published_at", "modified_at", "published_source", "modified_source",
	"language", "section", "tags", "image_url", "word_count", "paywalled",
	"extractor_version", "first_seen_at", "last_seen_at", "content_hash",
	"sources", "discovered_via", "discovered_from", "gone_at", "gone_reason", "related",
}

// ExportedArticle is one row of the articles table as export writes it,
// with its related links. A nil pointer is a NULL column. The list columns
// are the JSON text the archive holds, so they can be copied out without
// decoding: Authors and Tags are arrays of strings, Related an array of
// {"url", "title"} objects in page order. Encoded with encoding/json, it
// is one JSON object with the export's column names, in column order.
type ExportedArticle struct {
	ID               int64           `json:"id"`
	URL              string          `json:"url"`
	CanonicalURL     string          `json:"canonical_url"`
	Site             string          `json:"site"`
	Kind             *string         `json:"kind"`
	Headline         string          `json:"headline"`
	Standfirst       string          `json:"standfirst"`
	Body             string          `json:"body"`
	Authors          json.RawMessage `json:"authors"`
	PublishedAt      *string         `json:"published_at"`
	ModifiedAt       *string         `json:"modified_at"`
	PublishedSource  *string         `json:"published_source"`
	ModifiedSource   *string         `json:"modified_source"`
	Language         *string         `json:"language"`
	Section          *string         `json:"section"`
	Tags             json.RawMessage `json:"tags"`
	ImageURL         *string         `json:"image_url"`
	WordCount        int64           `json:"word_count"`
	Paywalled        bool            `json:"paywalled"`
	ExtractorVersion string          `json:"extractor_version"`
	FirstSeenAt      string          `json:"first_seen_at"`
	LastSeenAt       string          `json:"last_seen_at"`
	ContentHash      string          `json:"content_hash"`
	Sources          json.RawMessage `json:"sources"`
	DiscoveredVia    *string         `json:"discovered_via"`
	DiscoveredFrom   *string         `json:"discovered_from"`
	GoneAt           *string         `json:"gone_at"`
	GoneReason       *string         `json:"gone_reason"`
	Related          json.RawMessage `json:"related"`
}

// ExportArticles calls fn for each article that f selects, in id order,
// and stops at fn's first error, which it returns. Rows are read one at a
// time from a single read transaction, so memory stays constant however
// large the archive, and a crawl writing meanwhile does not change what
// one export sees. The next row reuses the ExportedArticle, so fn must not
// keep it after it returns.
func (db *DB) ExportArticles(ctx context.Context, f Filter, fn func(*ExportedArticle) error) error {
	var (
		e                                   ExportedArticle
		kind, published, modified           sql.NullString
		publishedSrc, modifiedSrc, language sql.NullString
		section, imageURL                   sql.NullString
		authors, tags, related, sources     []byte
		via, from, goneAt, goneReason       sql.NullString
	)
	// The ORDER BY inside json_group_array keeps page order (SQLite 3.44+;
	// this is our query, not the schema, so older readers are unaffected).
	query := func(cond string) string {
		return `SELECT a.id, a.url, a.canonical_url, a.site, a.kind,
		a.headline, a.standfirst, a.body, a.authors, a.published_at, a.modified_at,
		a.published_source, a.modified_source, a.language, a.section, a.tags, a.image_url,
		a.word_count, a.paywalled, a.extractor_version, a.first_seen_at, a.last_seen_at,
		a.content_hash, a.sources, a.discovered_via, a.discovered_from, a.gone_at, a.gone_reason,
		(SELECT json_group_array(json_object('url', r.url, 'title', r.title) ORDER BY r.position)
		 FROM related_links AS r WHERE r.article_id = a.id)
		FROM articles AS a WHERE 1` + cond + ` ORDER BY a.id`
	}
	return db.streamRows(ctx, "export", f, query, func(rows *sql.Rows) error {
		if err := rows.Scan(&e.ID, &e.URL, &e.CanonicalURL, &e.Site, &kind,
			&e.Headline, &e.Standfirst, &e.Body, &authors, &published, &modified,
			&publishedSrc, &modifiedSrc, &language, &section, &tags, &imageURL,
			&e.WordCount, &e.Paywalled, &e.ExtractorVersion, &e.FirstSeenAt, &e.LastSeenAt,
			&e.ContentHash, &sources, &via, &from, &goneAt, &goneReason, &related); err != nil {
			return fmt.Errorf("export: read article: %w", err)
		}
		e.Kind, e.PublishedAt, e.ModifiedAt = ptr(kind), ptr(published), ptr(modified)
		e.PublishedSource, e.ModifiedSource = ptr(publishedSrc), ptr(modifiedSrc)
		e.Language, e.Section, e.ImageURL = ptr(language), ptr(section), ptr(imageURL)
		e.Authors, e.Tags, e.Related, e.Sources = authors, tags, related, sources
		e.DiscoveredVia, e.DiscoveredFrom, e.GoneAt, e.GoneReason = ptr(via), ptr(from), ptr(goneAt), ptr(goneReason)
		return fn(&e)
	})
}

// streamRows runs the query built around f's WHERE clause in one
// read-only transaction (so a crawl writing meanwhile does not change
// what one export sees, and _txlock=immediate takes no write lock) and
// calls each for every row, stopping at its first error.
func (db *DB) streamRows(ctx context.Context, step string, f Filter, query func(cond string) string, each func(*sql.Rows) error) error {
	if err := f.Check(); err != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("%s: begin: %w", step, err)
	}
	defer tx.Rollback()
	cond, args := f.where()
	rows, err := tx.QueryContext(ctx, query(cond), args...)
	if err != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", step, err)
	}
	return nil
}

func ptr(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}
