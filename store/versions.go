package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/extract"
)

// Versions (migration 0004): articles holds each article at its latest
// version; article_versions holds every distinct version of its content
// (headline, standfirst, body, authors, published_at, modified_at), the
// first included, with what changed from the one before, the extractor
// version and the field sources that produced it.

// Version is one row of article_versions.
type Version struct {
	ArticleID  int64
	Version    int
	CapturedAt time.Time // UTC
	FetchID    int64     // 0 when unknown (versions from before schema 4)
	Origin     string    // crawl, reextract, migration

	Headline, Standfirst, Body string
	Authors                    []string
	PublishedAt, ModifiedAt    string

	Changed                                               []string // fields changed from the previous version
	ParagraphsAdded, ParagraphsRemoved, ParagraphsChanged int
	ExtractorVersion                                      string
	Sources                                               map[string]string
	ContentHash                                           string
}

// versionFields are the content fields a version is made of, in the
// order Changed lists them.
var versionFields = []string{"headline", "standfirst", "body", "authors", "published_at", "modified_at"}

// pendingVersion is a version row waiting for its fetch's id.
type pendingVersion struct {
	articleID int64
	row       *articleRow
	prev      *articleRow // nil for the first version
	origin    string
}

func (p *pendingVersion) insert(ctx context.Context, tx *wtx, fetchID int64) error {
	r := p.row
	changed := []string{}
	var added, removed, chg int
	if p.prev != nil {
		q := p.prev
		for i, same := range []bool{
			r.headline == q.headline, r.standfirst == q.standfirst, r.body == q.body,
			r.authors == q.authors, r.publishedAt == q.publishedAt, r.modifiedAt == q.modifiedAt,
		} {
			if !same {
				changed = append(changed, versionFields[i])
			}
		}
		if r.body != q.body {
			added, removed, chg = ParagraphChanges(DiffParagraphs(Paragraphs(q.body), Paragraphs(r.body)))
		}
	}
	changedJSON, err := jsonArray(changed)
	if err != nil {
		return err
	}
	// The body is stored only when it is not the article's current one
	// (schema 5); the trigger on articles stores it before it changes.
	_, err = tx.ExecContext(ctx, `INSERT INTO article_versions_data (article_id, version, captured_at, fetch_id, origin,
			headline, standfirst, body, authors, published_at, modified_at,
			changed, paragraphs_added, paragraphs_removed, paragraphs_changed,
			extractor_version, sources, content_hash)
		VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM article_versions_data WHERE article_id = ?1), ?2, ?3, ?4,
			?5, ?6, nullif(?7, (SELECT body FROM articles WHERE id = ?1)), ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)`,
		p.articleID, r.seenAt, nullInt(fetchID), p.origin,
		r.headline, r.standfirst, r.body, r.authors, nullStr(r.publishedAt), nullStr(r.modifiedAt),
		changedJSON, added, removed, chg, extract.Version, r.sources, r.contentHash)
	return err
}

// markGone records that an article is no longer served at the URL just
// fetched: a 404 or 410, a redirect not followed, or a redirect followed
// to a page that is not the same article. Its versions stay.
func markGone(ctx context.Context, tx *wtx, f Fetch, articleID int64, stored *articleRow) error {
	var reason string
	switch {
	case f.Status == http.StatusNotFound || f.Status == http.StatusGone:
		reason = fmt.Sprintf("http %d", f.Status)
	case f.Status >= 300 && f.Status < 400 && f.Status != http.StatusNotModified:
		reason = fmt.Sprintf("http %d", f.Status)
		if f.Err != "" {
			reason += ": " + f.Err
		}
	case f.Status >= 200 && f.Status < 300 && f.FinalURL != "" && f.FinalURL != f.URL:
		reason = "redirected to " + f.FinalURL
	default:
		return nil
	}
	canonical := ""
	if stored != nil {
		canonical = stored.canonicalURL
	}
	_, err := tx.ExecContext(ctx, `UPDATE articles SET gone_at = ?, gone_reason = ?
		WHERE (url = ?3 OR canonical_url = ?3) AND id <> ?4 AND canonical_url <> ?5 AND gone_at IS NULL`,
		formatTime(f.FetchedAt), strings.ToValidUTF8(reason, "\uFFFD"), f.URL, articleID, canonical)
	if err != nil {
		return fmt.Errorf("mark gone: %w", err)
	}
	return nil
}

// sourcesJSON encodes the sources of the fields the article has (a
// source for an empty field would claim knowledge the row lacks).
func sourcesJSON(a *extract.Article) (string, error) {
	have := map[string]bool{
		"headline": a.Headline != "", "standfirst": a.Standfirst != "", "body": a.Body != "",
		"authors": len(a.Authors) > 0, "published_at": a.PublishedAt != "", "modified_at": a.ModifiedAt != "",
	}
	out := map[string]string{}
	for k, v := range a.Sources {
		if v == "" || !utf8.ValidString(v) {
			continue
		}
		if h, known := have[k]; known && !h {
			continue
		}
		out[k] = v
	}
	b, err := marshalJSON(out)
	return string(b), err
}

// ArticleVersions returns an article's versions, oldest first.
func (db *DB) ArticleVersions(ctx context.Context, articleID int64) ([]Version, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT article_id, version, captured_at, fetch_id, origin,
			headline, standfirst, body, authors, published_at, modified_at,
			changed, paragraphs_added, paragraphs_removed, paragraphs_changed,
			extractor_version, sources, content_hash
		FROM article_versions WHERE article_id = ? ORDER BY version`, articleID)
	if err != nil {
		return nil, fmt.Errorf("versions of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("versions of article %d: %w", articleID, err)
		}
		out = append(out, *v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("versions of article %d: %w", articleID, err)
	}
	return out, nil
}

type scanner interface{ Scan(...any) error }

func scanVersion(s scanner) (*Version, error) {
	var (
		v                          Version
		captured, authors, changed string
		sources                    string
		fetchID                    sql.NullInt64
		published, modified        sql.NullString
	)
	if err := s.Scan(&v.ArticleID, &v.Version, &captured, &fetchID, &v.Origin,
		&v.Headline, &v.Standfirst, &v.Body, &authors, &published, &modified,
		&changed, &v.ParagraphsAdded, &v.ParagraphsRemoved, &v.ParagraphsChanged,
		&v.ExtractorVersion, &sources, &v.ContentHash); err != nil {
		return nil, err
	}
	v.FetchID = fetchID.Int64
	v.PublishedAt, v.ModifiedAt = published.String, modified.String
	var err error
	if v.CapturedAt, err = parseTime(captured); err != nil {
		return nil, fmt.Errorf("captured_at: %w", err)
	}
	if err := json.Unmarshal([]byte(authors), &v.Authors); err != nil {
		return nil, fmt.Errorf("authors: %w", err)
	}
	if err := json.Unmarshal([]byte(changed), &v.Changed); err != nil {
		return nil, fmt.Errorf("changed: %w", err)
	}
	if err := json.Unmarshal([]byte(sources), &v.Sources); err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	return &v, nil
}

// ArticleIDByURL returns the id of the article stored under u as its
// canonical URL or, failing that, its URL; an error wrapping
// [ErrNotFound] when there is none.
func (db *DB) ArticleIDByURL(ctx context.Context, u string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT id FROM articles WHERE canonical_url = ?1
		UNION ALL SELECT id FROM articles WHERE url = ?1 LIMIT 1`, u).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("article %s: %w", u, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("article %s: %w", u, err)
	}
	return id, nil
}

// ReextractResult says what [DB.SaveReextract] did.
type ReextractResult int

const (
	ReextractUnchanged  ReextractResult = iota // same content: nothing written
	ReextractNewVersion                        // content changed: a version added
)

// SaveReextract records what the current extractor makes of an archived
// capture of the article articleID (fetch fetchID, fetched at
// capturedAt). The article keeps its canonical URL and seen range; when
// the content differs from its latest version the row takes the new
// content and a version with origin "reextract" is added, the old ones
// kept. a must be an article.
func (db *DB) SaveReextract(ctx context.Context, articleID, fetchID int64, capturedAt time.Time, a *extract.Article) (ReextractResult, error) {
	var canonical string
	if err := db.sql.QueryRowContext(ctx, `SELECT canonical_url FROM articles WHERE id = ?`, articleID).Scan(&canonical); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = ErrNotFound
		}
		return 0, fmt.Errorf("reextract article %d: %w", articleID, err)
	}
	cp := *a
	cp.CanonicalURL = canonical // the article's identity does not move
	row, err := newArticleRow(&cp, capturedAt)
	if err != nil {
		return 0, fmt.Errorf("reextract article %d: %w", articleID, err)
	}
	res := ReextractUnchanged
	err = db.writeTx(ctx, func(tx *wtx) error {
		res = ReextractUnchanged
		var hash string
		if err := tx.QueryRowContext(ctx, `SELECT content_hash FROM articles WHERE id = ?`, articleID).Scan(&hash); err != nil {
			return err
		}
		if hash == row.contentHash {
			return nil
		}
		// Bypass the out-of-order rule: a re-extraction of an older
		// capture is still the newest reading of the article.
		_, pv, err := row.upsert(ctx, tx, "reextract")
		if err != nil {
			return err
		}
		if pv == nil {
			return nil
		}
		res = ReextractNewVersion
		return pv.insert(ctx, tx, fetchID)
	})
	if err != nil {
		return 0, fmt.Errorf("reextract article %d: %w", articleID, err)
	}
	return res, nil
}

// Lifecycle is an article's provenance beyond the article columns read
// by [DB.ArticleByCanonicalURL].
type Lifecycle struct {
	Sources        map[string]string // field -> where it came from
	DiscoveredVia  string            // start, link, feed, sitemap, robots; "" unknown
	DiscoveredFrom string
	GoneAt         time.Time // zero while the article is served
	GoneReason     string
}

// ArticleLifecycle returns the provenance and lifecycle of article id.
func (db *DB) ArticleLifecycle(ctx context.Context, id int64) (*Lifecycle, error) {
	var (
		l                          Lifecycle
		sources                    string
		via, from, goneAt, goneWhy sql.NullString
	)
	err := db.sql.QueryRowContext(ctx, `SELECT sources, discovered_via, discovered_from, gone_at, gone_reason
		FROM articles WHERE id = ?`, id).Scan(&sources, &via, &from, &goneAt, &goneWhy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(sources), &l.Sources); err != nil {
		return nil, fmt.Errorf("article %d: sources: %w", id, err)
	}
	l.DiscoveredVia, l.DiscoveredFrom, l.GoneReason = via.String, from.String, goneWhy.String
	if goneAt.Valid {
		l.GoneAt, _ = parseTime(goneAt.String)
	}
	return &l, nil
}

// ArticleByID returns article id like [DB.ArticleByCanonicalURL].
func (db *DB) ArticleByID(ctx context.Context, id int64) (*StoredArticle, error) {
	var canonical string
	err := db.sql.QueryRowContext(ctx, `SELECT canonical_url FROM articles WHERE id = ?`, id).Scan(&canonical)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("article %d: %w", id, err)
	}
	return db.ArticleByCanonicalURL(ctx, canonical)
}
