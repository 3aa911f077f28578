-- Schema version 3: full-text search over articles, and views for the
-- common questions. Everything here is read by sqlite3, Python and
-- Datasette as it is, so it uses FTS5's built-in tokenizer only and no SQL
-- newer than SQLite 3.38 (a view the reader's SQLite cannot parse would
-- make the whole file unreadable to it).

-- An external-content index: the text lives once, in articles; the index
-- holds only tokens and reads headline, standfirst and body back from
-- articles (by id) for snippet() and highlight(). remove_diacritics 2
-- folds accents on every letter, so "zurich" finds "Zürich".
-- content="articles" is spelled exactly so: Datasette finds a table's
-- index by matching that text in sqlite_master and then offers a search
-- box on articles.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    headline, standfirst, body,
    content="articles",
    content_rowid="id",
    tokenize="unicode61 remove_diacritics 2"
);

-- The ranking every reader gets from ORDER BY rank: a match in the
-- headline weighs ten times one in the body, in the standfirst four times.
-- Kept in the index's own config table, so sqlite3 and Datasette rank as
-- newsarchive search does.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');

-- The triggers keep the index in step with every write to articles, by
-- whatever program. An external-content index must be told the old text
-- to delete its tokens, hence 'delete' with the old values.
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, headline, standfirst, body)
    VALUES (new.id, new.headline, new.standfirst, new.body);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, headline, standfirst, body)
    VALUES ('delete', old.id, old.headline, old.standfirst, old.body);
END;

-- The store's upsert sets headline, standfirst and body on every re-fetch,
-- which fires an UPDATE OF trigger even when nothing changed; the WHEN
-- clause keeps a nightly re-crawl of unchanged pages from rewriting the
-- index (about 1 ms per article).
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

-- Index the articles stored before this migration.
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

-- One row per article at its latest version, without the body (for
-- browsing in Datasette; the body is in articles), authors as one
-- comma-separated string. published_day is the day in the publisher's own
-- time zone.
CREATE VIEW latest_articles AS
SELECT
    a.id,
    a.site,
    substr(a.published_at, 1, 10) AS published_day,
    a.published_at,
    a.headline,
    a.standfirst,
    (SELECT group_concat(j.value, ', ') FROM json_each(a.authors) AS j) AS authors,
    a.section,
    a.word_count,
    a.language,
    a.canonical_url,
    a.first_seen_at,
    a.last_seen_at
FROM articles AS a
-- Newest first; by published_at itself so the articles_published_at index
-- serves the order and a page of the view costs no sort of the whole table.
-- Undated articles come last.
ORDER BY a.published_at DESC, a.id DESC;

-- Articles published per site and day (publisher's day); undated articles
-- are not counted here (see daily_captures).
CREATE VIEW daily_counts AS
SELECT site, substr(published_at, 1, 10) AS day, count(*) AS n
FROM articles
WHERE published_at IS NOT NULL
GROUP BY site, day;

-- Articles first captured per site and UTC day, with how many of them have
-- a publication date, an author and a standfirst: the extraction health
-- check. A template change shows as a day whose with_date falls to 0.
CREATE VIEW daily_captures AS
SELECT
    site,
    substr(first_seen_at, 1, 10) AS day,
    count(*) AS n,
    sum(published_at IS NOT NULL) AS with_date,
    sum(authors <> '[]') AS with_author,
    sum(standfirst <> '') AS with_standfirst
FROM articles
GROUP BY site, day;
