-- Schema version 6: newsarchive adds new articles to the full-text index
-- itself, once per transaction, instead of by trigger.
--
-- FTS5 writes its pending terms out as a new segment whenever a savepoint
-- opens, and an INSERT that fires a trigger opens one: with the trigger,
-- every article wrote an index segment of its own even when many shared a
-- commit, which was about a third of the crawl's writing time and most of
-- the write-ahead log it appended. The update and delete triggers stay.
--
-- A program other than newsarchive that inserts into articles must now
-- add the row to the index in the same transaction:
--   INSERT INTO articles_fts (rowid, headline, standfirst, body)
--   VALUES (new_id, headline, standfirst, body);
-- `newsarchive check` reports an index that misses rows, and
--   INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
-- rebuilds it.

DROP TRIGGER articles_fts_insert;
