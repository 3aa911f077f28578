-- Schema version 5: the newest version's body is stored once.
--
-- Most articles never change, so their one version repeated the body
-- already in articles: about half of the archive's size. The rows now
-- live in article_versions_data, whose body is NULL while it equals the
-- article's current body; article_versions is a view with the same
-- columns as before that reads such bodies from articles. A trigger
-- copies the old body into those rows before any program changes
-- articles.body, so a version never follows the article to new text.

DROP VIEW article_history;

CREATE TABLE article_versions_data (
    id                 INTEGER PRIMARY KEY,
    article_id         INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    captured_at        TEXT    NOT NULL,
    fetch_id           INTEGER REFERENCES fetches (id) ON DELETE SET NULL,
    origin             TEXT    NOT NULL DEFAULT 'crawl'
        CHECK (origin IN ('crawl', 'reextract', 'migration')),
    headline           TEXT    NOT NULL DEFAULT '',
    standfirst         TEXT    NOT NULL DEFAULT '',
    body               TEXT,                      -- NULL: the same as articles.body
    authors            TEXT    NOT NULL DEFAULT '[]',
    published_at       TEXT,
    modified_at        TEXT,
    changed            TEXT    NOT NULL DEFAULT '[]',
    paragraphs_added   INTEGER NOT NULL DEFAULT 0,
    paragraphs_removed INTEGER NOT NULL DEFAULT 0,
    paragraphs_changed INTEGER NOT NULL DEFAULT 0,
    extractor_version  TEXT    NOT NULL,
    sources            TEXT    NOT NULL DEFAULT '{}',
    content_hash       TEXT    NOT NULL,
    UNIQUE (article_id, version)
);

INSERT INTO article_versions_data
SELECT v.id, v.article_id, v.version, v.captured_at, v.fetch_id, v.origin,
    v.headline, v.standfirst,
    CASE WHEN v.body = (SELECT a.body FROM articles AS a WHERE a.id = v.article_id) THEN NULL ELSE v.body END,
    v.authors, v.published_at, v.modified_at, v.changed,
    v.paragraphs_added, v.paragraphs_removed, v.paragraphs_changed,
    v.extractor_version, v.sources, v.content_hash
FROM article_versions AS v ORDER BY v.id;

DROP TABLE article_versions;
CREATE INDEX article_versions_captured_at ON article_versions_data (captured_at);

CREATE TRIGGER article_versions_keep_body BEFORE UPDATE OF body ON articles
WHEN old.body IS NOT new.body
BEGIN
    UPDATE article_versions_data SET body = old.body WHERE article_id = old.id AND body IS NULL;
END;

CREATE VIEW article_versions AS
SELECT
    v.id, v.article_id, v.version, v.captured_at, v.fetch_id, v.origin,
    v.headline, v.standfirst, coalesce(v.body, a.body) AS body,
    v.authors, v.published_at, v.modified_at, v.changed,
    v.paragraphs_added, v.paragraphs_removed, v.paragraphs_changed,
    v.extractor_version, v.sources, v.content_hash
FROM article_versions_data AS v JOIN articles AS a ON a.id = v.article_id;

-- As in schema 4.
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
FROM article_versions_data AS v JOIN articles AS a ON a.id = v.article_id
ORDER BY v.article_id, v.version;
