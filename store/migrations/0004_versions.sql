-- Schema version 4: article versions, field provenance, lifecycle, and
-- pointers from the fetch log into the raw-page archive (WARC files).
--
-- articles keeps one row per article at its latest version; every
-- distinct version of its extracted content (headline, standfirst, body,
-- authors, dates) is a row of article_versions, the first included, so
-- an article removed from its site keeps all of them.

CREATE TABLE article_versions (
    id                 INTEGER PRIMARY KEY,
    article_id         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version            INTEGER NOT NULL,          -- 1, 2, ... per article
    captured_at        TEXT    NOT NULL,          -- UTC fetch time of the page that gave it
    fetch_id           INTEGER REFERENCES fetches (id) ON DELETE SET NULL,
    origin             TEXT    NOT NULL DEFAULT 'crawl'
        CHECK (origin IN ('crawl', 'reextract', 'migration')),
    headline           TEXT    NOT NULL DEFAULT '',
    standfirst         TEXT    NOT NULL DEFAULT '',
    body               TEXT    NOT NULL DEFAULT '',
    authors            TEXT    NOT NULL DEFAULT '[]', -- JSON array of names
    published_at       TEXT,
    modified_at        TEXT,                      -- the publisher's own modification date
    changed            TEXT    NOT NULL DEFAULT '[]', -- JSON array of the fields changed from the previous version
    paragraphs_added   INTEGER NOT NULL DEFAULT 0,
    paragraphs_removed INTEGER NOT NULL DEFAULT 0,
    paragraphs_changed INTEGER NOT NULL DEFAULT 0,
    extractor_version  TEXT    NOT NULL,
    sources            TEXT    NOT NULL DEFAULT '{}', -- JSON object: field -> where it came from
    content_hash       TEXT    NOT NULL,
    UNIQUE (article_id, version)
);

CREATE INDEX article_versions_captured_at ON article_versions (captured_at);

-- Where every field of the latest version came from (JSON object, as in
-- article_versions.sources); how the article was found and from which
-- page; when a revisit found it removed (404/410) or redirected elsewhere,
-- and why. A gone article that comes back has gone_at cleared.
ALTER TABLE articles ADD COLUMN sources TEXT NOT NULL DEFAULT '{}';
ALTER TABLE articles ADD COLUMN discovered_via TEXT;  -- start, link, feed, sitemap, robots
ALTER TABLE articles ADD COLUMN discovered_from TEXT; -- URL of the page, feed or sitemap that named it
ALTER TABLE articles ADD COLUMN gone_at TEXT;
ALTER TABLE articles ADD COLUMN gone_reason TEXT;

-- Backfill: the text an archive holds now is its articles' first known
-- version. Its capture time is unknown; first_seen_at is the best bound.
INSERT INTO article_versions (article_id, version, captured_at, origin,
    headline, standfirst, body, authors, published_at, modified_at,
    extractor_version, sources, content_hash)
SELECT id, 1, first_seen_at, 'migration',
    headline, standfirst, body, authors, published_at, modified_at,
    extractor_version,
    json_object('published_at', published_source, 'modified_at', modified_source),
    content_hash
FROM articles ORDER BY id;

UPDATE articles SET sources = json_object('published_at', published_source, 'modified_at', modified_source);
-- json_object keeps NULL members; drop them so sources lists only known sources.
UPDATE article_versions SET sources = (SELECT coalesce(json_group_object(key, value), '{}')
    FROM json_each(article_versions.sources) WHERE value IS NOT NULL);
UPDATE articles SET sources = (SELECT coalesce(json_group_object(key, value), '{}')
    FROM json_each(articles.sources) WHERE value IS NOT NULL);

-- How the crawler found each URL (recorded when it is first queued).
ALTER TABLE frontier ADD COLUMN discovered_via TEXT;
ALTER TABLE frontier ADD COLUMN referrer TEXT;

-- The raw exchange of each fetch in the WARC files beside the archive:
-- the file (relative to the database's folder), the byte offset and
-- length of its response (or revisit) record, gzip member included, the
-- record's WARC-Record-ID and WARC-Payload-Digest. revisit_of is the
-- fetch whose record holds the payload when this one was stored as a
-- revisit (same payload as the previous capture). All NULL when the fetch
-- had no response or raw archiving was off.
ALTER TABLE fetches ADD COLUMN warc_file TEXT;
ALTER TABLE fetches ADD COLUMN warc_offset INTEGER;
ALTER TABLE fetches ADD COLUMN warc_length INTEGER;
ALTER TABLE fetches ADD COLUMN warc_record_id TEXT;
ALTER TABLE fetches ADD COLUMN payload_digest TEXT;
ALTER TABLE fetches ADD COLUMN revisit_of INTEGER REFERENCES fetches (id);

CREATE INDEX fetches_warc_file ON fetches (warc_file) WHERE warc_file IS NOT NULL;

-- Every version with its article's identity, newest version last: the
-- view for "how did this story change".
CREATE VIEW article_history AS
SELECT
    v.article_id,
    a.site,
    a.canonical_url,
    v.version,
    v.captured_at,
    v.origin,
    v.headline,
    v.modified_at,
    v.changed,
    v.paragraphs_added,
    v.paragraphs_removed,
    v.paragraphs_changed,
    v.extractor_version
FROM article_versions AS v JOIN articles AS a ON a.id = v.article_id
ORDER BY v.article_id, v.version;
