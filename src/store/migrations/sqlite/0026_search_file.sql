-- The search index moves to a file of its own, `<file>-search`, attached to every connection as
-- `search` (store/sqlite/sqlite_store.cc; docs/DECISIONS.md 76): FTS5 merges its segments inside
-- the index's writes, and in this file they held the one writer that every request waits for.
-- The tables here go; the store creates them empty in the search file after the migrations, and
-- the server rebuilds the index from the tables before it serves.
DROP TABLE IF EXISTS posts_fts;
DROP TABLE IF EXISTS people_fts;
DROP TABLE IF EXISTS work_fts;
DELETE FROM event_checkpoints WHERE name = 'search';
