package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// VersionColumns are the columns of `export --versions`, in order: every
// column of article_versions but its row id, then the article's site and
// canonical URL.
var VersionColumns = []string{
	"article_id", "version", "captured_at", "fetch_id", "origin",
	"headline", "standfirst", "body", "authors", "published_at", "modified_at",
	"changed", "paragraphs_added", "paragraphs_removed", "paragraphs_changed",
	"extractor_version", "sources", "content_hash", "site", "canonical_url",
}

// ExportedVersion is one row of article_versions as export writes it; a
// nil pointer is NULL, the JSON columns are copied as they are.
type ExportedVersion struct {
	ArticleID         int64           `json:"article_id"`
	Version           int64           `json:"version"`
	CapturedAt        string          `json:"captured_at"`
	FetchID           *int64          `json:"fetch_id"`
	Origin            string          `json:"origin"`
	Headline          string          `json:"headline"`
	Standfirst        string          `json:"standfirst"`
	Body              string          `json:"body"`
	Authors           json.RawMessage `json:"authors"`
	PublishedAt       *string         `json:"published_at"`
	ModifiedAt        *string         `json:"modified_at"`
	Changed           json.RawMessage `json:"changed"`
	ParagraphsAdded   int64           `json:"paragraphs_added"`
	ParagraphsRemoved int64           `json:"paragraphs_removed"`
	ParagraphsChanged int64           `json:"paragraphs_changed"`
	ExtractorVersion  string          `json:"extractor_version"`
	Sources           json.RawMessage `json:"sources"`
	ContentHash       string          `json:"content_hash"`
	Site              string          `json:"site"`
	CanonicalURL      string          `json:"canonical_url"`
}

// ExportVersions calls fn for every version of the articles f selects,
// by article id and version, from one read transaction in constant
// memory. The ExportedVersion is reused for the next row.
func (db *DB) ExportVersions(ctx context.Context, f Filter, fn func(*ExportedVersion) error) error {
	var (
		e                         ExportedVersion
		fetchID                   sql.NullInt64
		published, modified       sql.NullString
		authors, changed, sources []byte
	)
	query := func(cond string) string {
		return `SELECT v.article_id, v.version, v.captured_at, v.fetch_id, v.origin,
		v.headline, v.standfirst, v.body, v.authors, v.published_at, v.modified_at,
		v.changed, v.paragraphs_added, v.paragraphs_removed, v.paragraphs_changed,
		v.extractor_version, v.sources, v.content_hash, a.site, a.canonical_url
		FROM article_versions AS v JOIN articles AS a ON a.id = v.article_id
		WHERE 1` + cond + ` ORDER BY v.article_id, v.version`
	}
	return db.streamRows(ctx, "export versions", f, query, func(rows *sql.Rows) error {
		if err := rows.Scan(&e.ArticleID, &e.Version, &e.CapturedAt, &fetchID, &e.Origin,
			&e.Headline, &e.Standfirst, &e.Body, &authors, &published, &modified,
			&changed, &e.ParagraphsAdded, &e.ParagraphsRemoved, &e.ParagraphsChanged,
			&e.ExtractorVersion, &sources, &e.ContentHash, &e.Site, &e.CanonicalURL); err != nil {
			return fmt.Errorf("export versions: %w", err)
		}
		e.FetchID = nil
		if fetchID.Valid {
			id := fetchID.Int64
			e.FetchID = &id
		}
		e.PublishedAt, e.ModifiedAt = ptr(published), ptr(modified)
		e.Authors, e.Changed, e.Sources = authors, changed, sources
		return fn(&e)
	})
}
