-- Search is a view derived from the activity log (the "search" subscriber), written after the
-- request has committed. posts_fts now keeps its own copy of each body, so the subscriber can drop
-- a post's old words after the post has changed (an external-content index needs the old text).
DROP TABLE posts_fts;
CREATE VIRTUAL TABLE posts_fts USING fts5(
  body, tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
);
INSERT INTO posts_fts (rowid, body) SELECT id, body FROM posts WHERE deleted_at IS NULL;
-- Until now every index was written with its item: the subscriber starts at the log's end.
INSERT INTO event_checkpoints (name, last_id) SELECT 'search', COALESCE(MAX(id), 0) FROM events WHERE true
  ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id;
