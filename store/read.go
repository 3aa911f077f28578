package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/newsarchive/newsarchive/extract"
)

// StoredArticle is an article as the archive holds it.
//
// Article.Sources holds only "published_at" and "modified_at", the sources
// the schema keeps; Article.Links is always nil.
type StoredArticle struct {
	ID int64
	extract.Article
	ExtractorVersion string
	FirstSeenAt      time.Time // UTC
	LastSeenAt       time.Time // UTC
	ContentHash      string
}

// CountArticles returns the number of stored articles.
func (db *DB) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// ArticleByCanonicalURL returns the article stored under u with its related
// links in order, or an error wrapping [ErrNotFound].
func (db *DB) ArticleByCanonicalURL(ctx context.Context, u string) (*StoredArticle, error) {
	// Both reads in one transaction so the links belong to the same
	// version of the row. A plain BEGIN would take the write lock
	// (_txlock=immediate); a read-only transaction is not given one.
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("article %s: begin: %w", u, err)
	}
	defer tx.Rollback()

	var (
		sa                                 StoredArticle
		kind, published, modified          sql.NullString
		publishedSrc, modifiedSrc          sql.NullString
		language, section, imageURL        sql.NullString
		authors, tags, firstSeen, lastSeen string
	)
	err = tx.QueryRowContext(ctx, `SELECT id, url, canonical_url, site, kind,
		headline, standfirst, body, authors, published_at, modified_at,
		published_source, modified_source, language, section, tags, image_url,
		word_count, paywalled, extractor_version, first_seen_at, last_seen_at,
		content_hash
		FROM articles WHERE canonical_url = ?`, u).Scan(
		&sa.ID, &sa.URL, &sa.CanonicalURL, &sa.Site, &kind,
		&sa.Headline, &sa.Standfirst, &sa.Body, &authors, &published, &modified,
		&publishedSrc, &modifiedSrc, &language, &section, &tags, &imageURL,
		&sa.WordCount, &sa.Paywalled, &sa.ExtractorVersion, &firstSeen, &lastSeen,
		&sa.ContentHash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %s: %w", u, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", u, err)
	}
	sa.Kind = extract.Kind(kind.String)
	sa.PublishedAt, sa.ModifiedAt = published.String, modified.String
	sa.Language, sa.Section, sa.ImageURL = language.String, section.String, imageURL.String
	if publishedSrc.Valid || modifiedSrc.Valid {
		sa.Sources = map[string]string{}
		if publishedSrc.Valid {
			sa.Sources["published_at"] = publishedSrc.String
		}
		if modifiedSrc.Valid {
			sa.Sources["modified_at"] = modifiedSrc.String
		}
	}
	if err := json.Unmarshal([]byte(authors), &sa.Authors); err != nil {
		return nil, fmt.Errorf("article %s: authors: %w", u, err)
	}
	if err := json.Unmarshal([]byte(tags), &sa.Tags); err != nil {
		return nil, fmt.Errorf("article %s: tags: %w", u, err)
	}
	if sa.FirstSeenAt, err = parseTime(firstSeen); err != nil {
		return nil, fmt.Errorf("article %s: first_seen_at: %w", u, err)
	}
	if sa.LastSeenAt, err = parseTime(lastSeen); err != nil {
		return nil, fmt.Errorf("article %s: last_seen_at: %w", u, err)
	}

	rows, err := tx.QueryContext(ctx, `SELECT url, title FROM related_links
		WHERE article_id = ? ORDER BY position`, sa.ID)
	if err != nil {
		return nil, fmt.Errorf("article %s: related links: %w", u, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l extract.Link
		if err := rows.Scan(&l.URL, &l.Title); err != nil {
			return nil, fmt.Errorf("article %s: related links: %w", u, err)
		}
		sa.Related = append(sa.Related, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("article %s: related links: %w", u, err)
	}
	return &sa, nil
}
