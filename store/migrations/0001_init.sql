-- Schema version 1. The column names are a public interface documented in
-- the README: change them only through a new migration.
--
-- Capture times (first_seen_at, last_seen_at, fetched_at, started_at,
-- finished_at) are UTC text like 2026-11-25T18:51:00Z, so they sort and
-- compare as strings. published_at and modified_at are kept verbatim as the
-- page stated them (RFC 3339 with the page's own offset, or a bare
-- YYYY-MM-DD) because normalising would invent a precision the page never
-- gave; NULL means unknown.

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY,
    url               TEXT    NOT NULL,
    canonical_url     TEXT    NOT NULL UNIQUE,
    site              TEXT    NOT NULL DEFAULT '',
    kind              TEXT,
    headline          TEXT    NOT NULL DEFAULT '',
    standfirst        TEXT    NOT NULL DEFAULT '',
    body              TEXT    NOT NULL DEFAULT '',
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
    content_hash      TEXT    NOT NULL -- sha256 hex; changes when the text or dates change
);

CREATE INDEX articles_site ON articles (site);
CREATE INDEX articles_published_at ON articles (published_at);

-- Replaced wholesale on every save of the article, so position is the
-- order on the latest fetch.
CREATE TABLE related_links (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    url        TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, position)
);

CREATE TABLE crawl_runs (
    id              INTEGER PRIMARY KEY,
    started_at      TEXT    NOT NULL,
    finished_at     TEXT,
    seeds           TEXT    NOT NULL DEFAULT '[]', -- JSON array of URLs
    pages_fetched   INTEGER NOT NULL DEFAULT 0,
    articles_stored INTEGER NOT NULL DEFAULT 0,
    index_pages     INTEGER NOT NULL DEFAULT 0,
    errors          INTEGER NOT NULL DEFAULT 0,
    status          TEXT    NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'done', 'failed', 'interrupted'))
);

-- The fetch log: one row per HTTP fetch attempt, never updated, so it is
-- the faithful record of what the crawler saw and when.
CREATE TABLE fetches (
    id           INTEGER PRIMARY KEY,
    run_id       INTEGER REFERENCES crawl_runs (id),
    url          TEXT    NOT NULL,
    final_url    TEXT,
    status       INTEGER,          -- HTTP status; NULL when there was no response
    content_type TEXT,
    bytes        INTEGER NOT NULL DEFAULT 0,
    fetched_at   TEXT    NOT NULL,
    duration_ms  INTEGER NOT NULL DEFAULT 0,
    kind         TEXT,             -- article, index, other, robots, ...
    article_id   INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    error        TEXT              -- NULL when the fetch succeeded
);

CREATE INDEX fetches_url ON fetches (url);
-- Without these, deleting an article or a run scans the whole log to
-- enforce the foreign keys, and per-run statistics do the same.
CREATE INDEX fetches_article_id ON fetches (article_id);
CREATE INDEX fetches_run_id ON fetches (run_id);
