package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
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

	// WARC points to the fetch's response (or revisit) record in the raw
	// archive; nil when nothing was archived. The record must be written
	// and flushed before SaveFetch is called, so that the database never
	// points to a record a crash could lose.
	WARC *WARCRef
}

// WARCRef locates one WARC record: File is relative to the database's
// folder, Offset and Length are the record's bytes in the file (one gzip
// member). RevisitOf is the fetch whose record holds the payload when
// this one is a revisit record, else 0.
type WARCRef struct {
	File          string
	Offset        int64
	Length        int64
	RecordID      string
	PayloadDigest string
	RevisitOf     int64
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

	err = db.writeTx(ctx, func(tx *wtx) error {
		var pending *pendingVersion
		if store {
			row.discoveryURL = f.URL
			id, pv, err := row.upsert(ctx, tx, "crawl")
			if err != nil {
				return fmt.Errorf("save article %s: %w", row.canonicalURL, err)
			}
			articleID, pending = id, pv
		}
		fetchID, err := insertFetch(ctx, tx, f, articleID)
		if err != nil {
			return fmt.Errorf("save fetch %s: %w", f.URL, err)
		}
		if pending != nil {
			if err := pending.insert(ctx, tx, fetchID); err != nil {
				return fmt.Errorf("save article %s: version: %w", row.canonicalURL, err)
			}
		}
		if err := markGone(ctx, tx, f, articleID, row); err != nil {
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

func insertFetch(ctx context.Context, tx *wtx, f Fetch, articleID int64) (int64, error) {
	var w WARCRef
	var warcOffset, warcLength any
	if f.WARC != nil {
		w = *f.WARC
		warcOffset, warcLength = w.Offset, w.Length
	}
	// Content type and error text can carry raw bytes from a server; they
	// are diagnostics, so they are repaired rather than losing the row.
	res, err := tx.ExecContext(ctx, `INSERT INTO fetches
		(run_id, url, final_url, status, content_type, bytes, fetched_at,
		 duration_ms, kind, article_id, error, truncated,
		 warc_file, warc_offset, warc_length, warc_record_id, payload_digest, revisit_of)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullInt(f.RunID), f.URL, nullStr(f.FinalURL), nullInt(int64(f.Status)),
		nullStr(strings.ToValidUTF8(f.ContentType, "\uFFFD")), f.Bytes, formatTime(f.FetchedAt),
		f.Duration.Milliseconds(), nullStr(strings.ToValidUTF8(f.Kind, "\uFFFD")),
		nullInt(articleID), nullStr(strings.ToValidUTF8(f.Err, "\uFFFD")), f.Truncated,
		nullStr(w.File), warcOffset, warcLength, nullStr(w.RecordID), nullStr(w.PayloadDigest), nullInt(w.RevisitOf))
	if err != nil {
		return 0, err
	}
	return res.LastInsertId()
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
	sources                         string // JSON object
	// discoveryURL is the URL whose frontier row tells how the article
	// was found (the URL fetched, before redirects).
	discoveryURL string
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
	sources, err := sourcesJSON(a)
	if err != nil {
		return nil, fmt.Errorf("encode sources: %w", err)
	}
	r := &articleRow{
		url: a.URL, canonicalURL: canonical, site: a.Site, kind: string(a.Kind),
		headline: a.Headline, standfirst: a.Standfirst, body: a.Body,
		authors: authors, tags: tags,
		publishedAt: a.PublishedAt, modifiedAt: a.ModifiedAt,
		language: a.Language, section: a.Section, imageURL: a.ImageURL,
		wordCount: a.WordCount, paywalled: a.Paywalled,
		seenAt: formatTime(seen), contentHash: hash,
		related: a.Related, sources: sources,
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

const insertArticle = `INSERT INTO articles (
	url, canonical_url, site, kind, headline, standfirst, body, authors,
	published_at, modified_at, published_source, modified_source,
	language, section, tags, image_url, word_count, paywalled,
	extractor_version, first_seen_at, last_seen_at, content_hash, sources,
	discovered_via, discovered_from
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
	(SELECT coalesce(discovered_via, CASE WHEN depth = 0 THEN 'start' END) FROM frontier WHERE url = ?),
	(SELECT referrer FROM frontier WHERE url = ?))
RETURNING id`

// updateArticle takes a new version's content. Parallel fetchers may
// commit out of fetch order; min and max keep the seen range true
// whatever order the rows arrive in.
const updateArticle = `UPDATE articles SET
	url = ?, site = ?, kind = ?, headline = ?, standfirst = ?, body = ?, authors = ?,
	published_at = ?, modified_at = ?, published_source = ?, modified_source = ?,
	language = ?, section = ?, tags = ?, image_url = ?, word_count = ?, paywalled = ?,
	extractor_version = ?,
	first_seen_at = min(first_seen_at, ?),
	last_seen_at = max(last_seen_at, ?),
	content_hash = ?, sources = ?,
	gone_at = CASE WHEN ? THEN NULL ELSE gone_at END,
	gone_reason = CASE WHEN ? THEN NULL ELSE gone_reason END
WHERE id = ?`

// upsert stores the article and returns its id and the version row to
// insert once the fetch row exists (nil when the content is unchanged).
//
// A page seen again with the same content (same content hash) changes
// nothing but last_seen_at (and clears gone_at). Changed content updates
// the row and adds a version. A capture older than the row's
// last_seen_at that differs (parallel fetches committed out of order) is
// kept as a version but does not replace the newer content.
func (r *articleRow) upsert(ctx context.Context, tx *wtx, origin string) (int64, *pendingVersion, error) {
	var (
		id                                 int64
		hash, lastSeen                     string
		prevHeadline, prevStandfirst, prev string
		prevAuthors                        string
		prevPublished, prevModified        sql.NullString
	)
	err := tx.QueryRowContext(ctx, `SELECT id, content_hash, last_seen_at, headline, standfirst, body,
		authors, published_at, modified_at FROM articles WHERE canonical_url = ?`, r.canonicalURL).Scan(
		&id, &hash, &lastSeen, &prevHeadline, &prevStandfirst, &prev, &prevAuthors, &prevPublished, &prevModified)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.QueryRowContext(ctx, insertArticle,
			r.url, r.canonicalURL, r.site, nullStr(r.kind), r.headline, r.standfirst, r.body, r.authors,
			nullStr(r.publishedAt), nullStr(r.modifiedAt), nullStr(r.publishedSource), nullStr(r.modifiedSource),
			nullStr(r.language), nullStr(r.section), r.tags, nullStr(r.imageURL), r.wordCount, r.paywalled,
			extract.Version, r.seenAt, r.seenAt, r.contentHash, r.sources,
			r.discoveryURL, r.discoveryURL,
		).Scan(&id)
		if err != nil {
			return 0, nil, fmt.Errorf("insert: %w", err)
		}
		tx.fts.add(id)
		if err := r.replaceRelated(ctx, tx, id); err != nil {
			return 0, nil, err
		}
		return id, &pendingVersion{articleID: id, row: r, origin: origin}, nil
	case err != nil:
		return 0, nil, fmt.Errorf("read: %w", err)
	}

	if hash == r.contentHash {
		_, err := tx.ExecContext(ctx, `UPDATE articles SET
			first_seen_at = min(first_seen_at, ?1), last_seen_at = max(last_seen_at, ?1),
			gone_at = NULL, gone_reason = NULL WHERE id = ?2`, r.seenAt, id)
		if err != nil {
			return 0, nil, fmt.Errorf("update last seen: %w", err)
		}
		return id, nil, nil
	}

	prevRow := &articleRow{headline: prevHeadline, standfirst: prevStandfirst, body: prev,
		authors: prevAuthors, publishedAt: prevPublished.String, modifiedAt: prevModified.String}
	pv := &pendingVersion{articleID: id, row: r, prev: prevRow, origin: origin}
	if r.seenAt < lastSeen && origin == "crawl" {
		// An older capture committed late: keep it as a version, but the
		// row keeps the newer content.
		_, err := tx.ExecContext(ctx, `UPDATE articles SET first_seen_at = min(first_seen_at, ?) WHERE id = ?`, r.seenAt, id)
		if err != nil {
			return 0, nil, fmt.Errorf("update first seen: %w", err)
		}
		return id, pv, nil
	}
	if tx.fts.pending(id) {
		// Inserted earlier in this transaction: the update trigger
		// removes the old text's terms, so they must be in the index.
		if err := tx.fts.flush(ctx, tx); err != nil {
			return 0, nil, err
		}
	}
	_, err = tx.ExecContext(ctx, updateArticle,
		r.url, r.site, nullStr(r.kind), r.headline, r.standfirst, r.body, r.authors,
		nullStr(r.publishedAt), nullStr(r.modifiedAt), nullStr(r.publishedSource), nullStr(r.modifiedSource),
		nullStr(r.language), nullStr(r.section), r.tags, nullStr(r.imageURL), r.wordCount, r.paywalled,
		extract.Version, r.seenAt, r.seenAt, r.contentHash, r.sources, origin == "crawl", origin == "crawl", id)
	if err != nil {
		return 0, nil, fmt.Errorf("update: %w", err)
	}
	if err := r.replaceRelated(ctx, tx, id); err != nil {
		return 0, nil, err
	}
	return id, pv, nil
}

func (r *articleRow) replaceRelated(ctx context.Context, tx *wtx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM related_links WHERE article_id = ?`, id); err != nil {
		return fmt.Errorf("delete related links: %w", err)
	}
	if len(r.related) == 0 {
		return nil
	}
	// One statement for the whole list (positions are the array's keys).
	type link struct {
		URL   string `json:"u"`
		Title string `json:"t"`
	}
	links := make([]link, len(r.related))
	for i, l := range r.related {
		links[i] = link{l.URL, l.Title}
	}
	b, err := marshalJSON(links)
	if err != nil {
		return fmt.Errorf("insert related links: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO related_links (article_id, position, url, title)
		SELECT ?1, key, value->>'u', value->>'t' FROM json_each(?2)`, id, string(b)); err != nil {
		return fmt.Errorf("insert related links: %w", err)
	}
	return nil
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
