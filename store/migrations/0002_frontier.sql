-- Schema version 2: the persistent crawl frontier (issue 4), truncated
-- fetches and per-host results of crawl runs.
--
-- frontier is the crawler's queue and seen set: one row per URL ever
-- queued. A row's state changes in the same transaction as the fetch (and
-- article) it records, so after a kill every URL is either archived and
-- done or still due. Times are UTC RFC 3339 text like the rest of the
-- archive.

CREATE TABLE frontier (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL UNIQUE,           -- normalised URL
    host          TEXT    NOT NULL,                  -- host[:port], the politeness key
    resource      TEXT    NOT NULL DEFAULT 'page'
        CHECK (resource IN ('page', 'feed', 'sitemap')),
    depth         INTEGER NOT NULL DEFAULT 0,        -- links from the nearest seed
    state         TEXT    NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,        -- failed attempts in a row
    claim_run     INTEGER,                           -- crawl_runs.id of the run that took it last
    added_at      TEXT    NOT NULL,
    fetched_at    TEXT,                              -- last fetch that settled it
    revisit_at    TEXT,                              -- due again from then; NULL: never
    page_kind     TEXT,                              -- article, index, other, feed, sitemap
    published_at  TEXT,                              -- the page's date, or a feed/sitemap hint
    etag          TEXT,                              -- validators for conditional requests
    last_modified TEXT,
    error         TEXT                               -- last error, NULL after a success
);

CREATE INDEX frontier_queued ON frontier (host, id) WHERE state = 'queued';
CREATE INDEX frontier_revisit ON frontier (revisit_at) WHERE state <> 'queued';

-- 1 when the body was longer than the size cap after decompression and
-- was cut there: the page is logged, its links followed, but no article
-- is stored from it.
ALTER TABLE fetches ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1));

-- One row per host a crawl run fetched from.
CREATE TABLE crawl_run_hosts (
    run_id     INTEGER NOT NULL REFERENCES crawl_runs (id) ON DELETE CASCADE,
    host       TEXT    NOT NULL,                 -- host[:port]
    fetched    INTEGER NOT NULL DEFAULT 0,       -- requests made
    ok         INTEGER NOT NULL DEFAULT 0,       -- responses below 400
    errors     INTEGER NOT NULL DEFAULT 0,       -- final failures
    retries    INTEGER NOT NULL DEFAULT 0,       -- transient failures retried
    failed     INTEGER NOT NULL DEFAULT 0 CHECK (failed IN (0, 1)), -- nothing fetched successfully
    last_error TEXT,
    PRIMARY KEY (run_id, host)
);

-- A 304 for an article page moves its last_seen_at, found by its URL.
CREATE INDEX articles_url ON articles (url);
