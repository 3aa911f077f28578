-- Schema version 7: the body is the articles table's last column.
--
-- SQLite stores a row's columns in order and spills a long row into a
-- chain of overflow pages; reading a column that comes after the body
-- walks that chain page by page. With the body in the middle, every
-- query that touched authors, dates, first_seen_at or the provenance
-- columns read every body it passed: daily_captures, stats and a date
-- filter without an index cost a read of the whole archive's text. With
-- the body last they read a few hundred bytes per article.
--
-- SQLite cannot move a column, so the table is rebuilt (SQLite's
-- documented procedure: new table, copy, drop, rename) with the same ids,
-- so the full-text index, whose rows are keyed by article id, stays
-- valid. Columns keep their names and constraints; only `SELECT *` sees
-- the new order. The old table's pages go to the free list and are
-- reused as the archive grows (VACUUM returns them to the disk), so the
-- upgrade needs room for a second copy of the table for a moment.
--
-- Dropping the old table with foreign keys on would first delete its
-- rows, and with them, by cascade, every related link and version:
-- newsarchive runs this script on a connection with foreign keys off
-- and checks them before it commits, as the next line asks.
-- newsarchive: foreign keys off

CREATE TABLE articles_new (
    id                INTEGER PRIMARY KEY,
    url               TEXT    NOT NULL,
    canonical_url     TEXT    NOT NULL UNIQUE,
    site              TEXT    NOT NULL DEFAULT '',
    kind              TEXT,
    headline          TEXT    NOT NULL DEFAULT '',
    standfirst        TEXT    NOT NULL DEFAULT '',
    authors           TEXT    NOT NULL DEFAULT '[]', -- JSON array of names
    published_at      TEXT,
    modified_at       TEXT,
    published_source  TEXT,
    modified_source   TEXT,
    language          TEXT,
    section           TEXT,
    tags              TEXT    NOT NULL DEFAULT '[]', -- JSON array
    image_url         TEXT,
    word_count        INTEGER NOT NULL DEFAULT 0,
    paywalled         INTEGER NOT NULL DEFAULT 0 CHECK (paywalled IN (0, 1)),
    extractor_version TEXT    NOT NULL,
    first_seen_at     TEXT    NOT NULL,
    last_seen_at      TEXT    NOT NULL,
    content_hash      TEXT    NOT NULL, -- sha256 hex; changes when the text or dates change
    sources           TEXT    NOT NULL DEFAULT '{}', -- JSON: field -> where it came from
    discovered_via    TEXT,  -- start, link, feed, sitemap, robots
    discovered_from   TEXT,  -- URL of the page, feed or sitemap that named it
    gone_at           TEXT,
    gone_reason       TEXT,
    body              TEXT    NOT NULL DEFAULT '' -- last: see above
);

INSERT INTO articles_new (id, url, canonical_url, site, kind, headline, standfirst,
    authors, published_at, modified_at, published_source, modified_source,
    language, section, tags, image_url, word_count, paywalled, extractor_version,
    first_seen_at, last_seen_at, content_hash, sources, discovered_via,
    discovered_from, gone_at, gone_reason, body)
SELECT id, url, canonical_url, site, kind, headline, standfirst,
    authors, published_at, modified_at, published_source, modified_source,
    language, section, tags, image_url, word_count, paywalled, extractor_version,
    first_seen_at, last_seen_at, content_hash, sources, discovered_via,
    discovered_from, gone_at, gone_reason, body
FROM articles ORDER BY id;

-- Dropping the table drops its indexes and triggers; the views that read
-- it are kept and find the new table by name. The legacy rename leaves
-- them alone: the modern one checks every view first, and they name a
-- table that, between these two statements, does not exist.
DROP TABLE articles;
PRAGMA legacy_alter_table = ON;
ALTER TABLE articles_new RENAME TO articles;
PRAGMA legacy_alter_table = OFF;

CREATE INDEX articles_site ON articles (site);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_url ON articles (url);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body)
    VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF id, headline, standfirst, body ON articles
WHEN old.id IS NOT new.id
    OR old.headline IS NOT new.headline
    OR old.standfirst IS NOT new.standfirst
    OR old.body IS NOT new.body
BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body)
    VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
    INSERT INTO articles_fts (rowid, headline, standfirst, body)
    VALUES (new.id, new.headline, new.standfirst, new.body);
END;

CREATE TRIGGER article_versions_keep_body BEFORE UPDATE OF body ON articles
WHEN old.body IS NOT new.body
BEGIN
    UPDATE article_versions_data SET body = old.body WHERE article_id = old.id AND body IS NULL;
END;
