-- Search is a view derived from the activity log (the "search" subscriber), written after the
-- request has committed. (SQLite's posts_fts changes form here; PostgreSQL's posts_search already
-- keeps each post's document.) Every index so far was written with its item: the subscriber starts
-- at the log's end.
INSERT INTO event_checkpoints (name, last_id) SELECT 'search', COALESCE(MAX(id), 0) FROM events
  ON CONFLICT (name) DO UPDATE SET last_id = excluded.last_id;
