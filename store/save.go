package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsarchive/newsarchive/extract"
)

// Fetch is one HTTP fetch attempt, as the crawler saw it.
type Fetch struct {
	RunID       int64 // 0 when the fetch belongs to no crawl run
	URL         string
	FinalURL    string // after redirects; "" when there was no response
	Status      int    // HTTP status; 0 when there was no response
	ContentType string
	Bytes       int
	FetchedAt   time.Time
	Duration    time.Duration
	Kind        string // article, index, other, robots, ...; "" takes the article's kind
	Err         string // "" when the fetch succeeded

	// Crawl frontier (issue 4): Truncated flags a body cut at the size
	// cap; Frontier, when set, is the URL's new frontier state, committed
	// in the same transaction as this fetch and its article so that a
	// killed crawl never has one without the other. See frontier.go.
	Truncated bool
	Frontier  *FrontierVisit
}

// SaveFetch logs f and, when a is an article, stores it, in one
// transaction: a page's log row and its article are committed together or
// not at all, so a killed crawl never leaves one without the other.
//
// Articles are keyed by canonical URL (URL when CanonicalURL is empty): a
// page seen again keeps its id and first_seen_at, moves last_seen_at
// forward, takes the new content and replaces its related links. a may be
// nil (a failed fetch, a feed, robots.txt); pages of other kinds are
// logged but not stored as articles. The returned id is the article's, or
// 0 when none was stored.
//
// Input that cannot be stored faithfully (no URL, invalid UTF-8) is
// refused with an error wrapping [ErrInvalid] and nothing is written.
func (db *DB) SaveFetch(ctx context.Context, f Fetch, a *extract.Article) (articleID int64, err error) {
	if err := checkFetch(f); err != nil {
		return 0, fmt.Errorf("save fetch %s: %w", f.URL, err)
	}
	store := a != nil && a.Kind == extract.KindArticle
	var row *articleRow
	if store {
		if row, err = newArticleRow(a, f.FetchedAt); err != nil {
			return 0, fmt.Errorf("save article %s: %w", articleName(a, f), err)
		}
	}
	if f.Kind == "" && a != nil {
		f.Kind = string(a.Kind)
	}

	err = db.writeTx(ctx, func(tx *sql.Tx) error {
		if store {
			id, err := row.upsert(ctx, tx)
			if err != nil {
				return fmt.Errorf("save article %s: %w", row.canonicalURL, err)
			}
			articleID = id
		}
		if err := insertFetch(ctx, tx, f, articleID); err != nil {
			return fmt.Errorf("save fetch %s: %w", f.URL, err)
		}
		// Frontier done mark, in the same transaction (issue 4).
		if f.Frontier != nil {
			if err := settleFrontier(ctx, tx, f.Frontier); err != nil {
				return fmt.Errorf("save fetch %s: %w", f.URL, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return articleID, nil
}

// checkFetch refuses a fetch with no URL, no time, or a URL that is not
// UTF-8: those identify the row, so altering them would falsify the log.
func checkFetch(f Fetch) error {
	if f.URL == "" {
		return fmt.Errorf("empty url: %w", ErrInvalid)
	}
	if f.FetchedAt.IsZero() {
		return fmt.Errorf("zero fetch time: %w", ErrInvalid)
	}
	if err := checkText("url", f.URL); err != nil {
		return err
	}
	return checkText("final url", f.FinalURL)
}

func insertFetch(ctx context.Context, tx *sql.Tx, f Fetch, articleID int64) error {
	// Content type and error text can carry raw bytes from a server; they
	// are diagnostics, so they are repaired rather than losing the row.
	_, err := tx.ExecContext(ctx, `INSERT INTO fetches
		(run_id, url, final_url, status, content_type, bytes, fetched_at,
		 duration_ms, kind, article_id, error, truncated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullInt(f.RunID), f.URL, nullStr(f.FinalURL), nullInt(int64(f.Status)),
		nullStr(strings.ToValidUTF8(f.ContentType, "\uFFFD")), f.Bytes, formatTime(f.FetchedAt),
		f.Duration.Milliseconds(), nullStr(strings.ToValidUTF8(f.Kind, "\uFFFD")),
		nullInt(articleID), nullStr(strings.ToValidUTF8(f.Err, "\uFFFD")), f.Truncated)
	return err
}

// articleRow is an article converted to column values, so every check
// happens before the write lock is taken.
type articleRow struct {
	url, canonicalURL, site, kind   string
	headline, standfirst, body      string
	authors, tags                   string // JSON
	publishedAt, modifiedAt         string
	publishedSource, modifiedSource string
	language, section, imageURL     string
	wordCount                       int
	paywalled                       bool
	seenAt, contentHash             string
	related                         []extract.Link
}

func articleName(a *extract.Article, f Fetch) string {
	switch {
	case a.CanonicalURL != "":
		return a.CanonicalURL
	case a.URL != "":
		return a.URL
	}
	return f.URL
}

func newArticleRow(a *extract.Article, seen time.Time) (*articleRow, error) {
	canonical := a.CanonicalURL
	if canonical == "" {
		canonical = a.URL
	}
	if canonical == "" {
		return nil, fmt.Errorf("no canonical url and no url: %w", ErrInvalid)
	}
	if err := checkArticleText(a); err != nil {
		return nil, err
	}
	for i, l := range a.Related {
		if l.URL == "" {
			return nil, fmt.Errorf("related link %d has no url: %w", i, ErrInvalid)
		}
	}
	authors, err := jsonArray(a.Authors)
	if err != nil {
		return nil, fmt.Errorf("encode authors: %w", err)
	}
	tags, err := jsonArray(a.Tags)
	if err != nil {
		return nil, fmt.Errorf("encode tags: %w", err)
	}
	hash, err := contentHash(a)
	if err != nil {
		return nil, fmt.Errorf("content hash: %w", err)
	}
	r := &articleRow{
		url: a.URL, canonicalURL: canonical, site: a.Site, kind: string(a.Kind),
		headline: a.Headline, standfirst: a.Standfirst, body: a.Body,
		authors: authors, tags: tags,
		publishedAt: a.PublishedAt, modifiedAt: a.ModifiedAt,
		language: a.Language, section: a.Section, imageURL: a.ImageURL,
		wordCount: a.WordCount, paywalled: a.Paywalled,
		seenAt: formatTime(seen), contentHash: hash,
		related: a.Related,
	}
	if r.url == "" {
		r.url = canonical
	}
	// A source without its date would claim knowledge the row lacks.
	if a.PublishedAt != "" {
		r.publishedSource = a.Sources["published_at"]
	}
	if a.ModifiedAt != "" {
		r.modifiedSource = a.Sources["modified_at"]
	}
	return r, nil
}

// checkArticleText refuses invalid UTF-8 rather than repairing it: the
// archive promises the text as published, and a repaired body would be
// text nobody published. Invalid bytes here mean the decoder upstream
// got the charset wrong, which is a bug to surface.
func checkArticleText(a *extract.Article) error {
	fields := []struct{ name, val string }{
		{"url", a.URL}, {"canonical url", a.CanonicalURL}, {"site", a.Site},
		{"kind", string(a.Kind)}, {"headline", a.Headline}, {"standfirst", a.Standfirst},
		{"body", a.Body}, {"published at", a.PublishedAt}, {"modified at", a.ModifiedAt},
		{"language", a.Language}, {"section", a.Section}, {"image url", a.ImageURL},
		{"published source", a.Sources["published_at"]}, {"modified source", a.Sources["modified_at"]},
	}
	for _, f := range fields {
		if err := checkText(f.name, f.val); err != nil {
			return err
		}
	}
	for i, s := range a.Authors {
		if err := checkText(fmt.Sprintf("author %d", i), s); err != nil {
			return err
		}
	}
	for i, s := range a.Tags {
		if err := checkText(fmt.Sprintf("tag %d", i), s); err != nil {
			return err
		}
	}
	for i, l := range a.Related {
		if err := checkText(fmt.Sprintf("related link %d url", i), l.URL); err != nil {
			return err
		}
		if err := checkText(fmt.Sprintf("related link %d title", i), l.Title); err != nil {
			return err
		}
	}
	return nil
}

func checkText(field, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%s is not valid UTF-8: %w", field, ErrInvalid)
	}
	return nil
}

const upsertArticle = `INSERT INTO articles (
	url, canonical_url, site, kind, headline, standfirst, body, authors,
	published_at, modified_at, published_source, modified_source,
	language, section, tags, image_url, word_count, paywalled,
	extractor_version, first_seen_at, last_seen_at, content_hash
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (canonical_url) DO UPDATE SET
	url = excluded.url,
	site = excluded.site,
	kind = excluded.kind,
	headline = excluded.headline,
	standfirst = excluded.standfirst,
	body = excluded.body,
	authors = excluded.authors,
	published_at = excluded.published_at,
	modified_at = excluded.modified_at,
	published_source = excluded.published_source,
	modified_source = excluded.modified_source,
	language = excluded.language,
	section = excluded.section,
	tags = excluded.tags,
	image_url = excluded.image_url,
	word_count = excluded.word_count,
	paywalled = excluded.paywalled,
	extractor_version = excluded.extractor_version,
	-- Parallel fetchers may commit out of fetch order; min and max keep
	-- the seen range true whatever order the rows arrive in.
	first_seen_at = min(articles.first_seen_at, excluded.first_seen_at),
	last_seen_at = max(articles.last_seen_at, excluded.last_seen_at),
	content_hash = excluded.content_hash
RETURNING id`

func (r *articleRow) upsert(ctx context.Context, tx *sql.Tx) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, upsertArticle,
		r.url, r.canonicalURL, r.site, nullStr(r.kind), r.headline, r.standfirst, r.body, r.authors,
		nullStr(r.publishedAt), nullStr(r.modifiedAt), nullStr(r.publishedSource), nullStr(r.modifiedSource),
		nullStr(r.language), nullStr(r.section), r.tags, nullStr(r.imageURL), r.wordCount, r.paywalled,
		extract.Version, r.seenAt, r.seenAt, r.contentHash,
	).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("upsert: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM related_links WHERE article_id = ?`, id); err != nil {
		return 0, fmt.Errorf("delete related links: %w", err)
	}
	if len(r.related) == 0 {
		return id, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO related_links (article_id, position, url, title) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("insert related links: %w", err)
	}
	defer stmt.Close()
	for i, l := range r.related {
		if _, err := stmt.ExecContext(ctx, id, i, l.URL, l.Title); err != nil {
			return 0, fmt.Errorf("insert related link %d: %w", i, err)
		}
	}
	return id, nil
}

// contentHash is the sha256 (hex) of the JSON array
// [headline, standfirst, body, authors, published_at, modified_at].
// JSON rather than plain concatenation so that moving text between fields
// changes the hash; an analyst can recompute it from the row's columns.
func contentHash(a *extract.Article) (string, error) {
	authors := a.Authors
	if authors == nil {
		authors = []string{}
	}
	b, err := marshalJSON([]any{a.Headline, a.Standfirst, a.Body, authors, a.PublishedAt, a.ModifiedAt})
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// jsonArray encodes a list for a JSON column, "[]" for none so that
// json_each works on every row without a NULL check.
func jsonArray(xs []string) (string, error) {
	if xs == nil {
		xs = []string{}
	}
	b, err := marshalJSON(xs)
	return string(b), err
}

// marshalJSON leaves <, > and & unescaped: the columns are read by people
// and by SQLite's json functions, not embedded in HTML.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}
