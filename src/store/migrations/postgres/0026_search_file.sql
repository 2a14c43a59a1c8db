-- SQLite's 0026 moves its search index to a file of its own. PostgreSQL's index (tsvector columns
-- and GIN indexes, 0006) stays where it is; the number is kept so both backends count alike.
SELECT 1;
