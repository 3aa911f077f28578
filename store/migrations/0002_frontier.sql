-- Schema version 2: reserved for the persistent crawl frontier (issue 4).
SELECT 1;
