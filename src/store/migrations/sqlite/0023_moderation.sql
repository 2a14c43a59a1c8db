-- Moderation: a post (or reply) a moderator hid stays for its author, marked, and for no one else;
-- reports wait in a queue for the space's owners (a space post) or the admins; the audit log is
-- a view of the activity log (the "audit" subscriber), kept for admins.
ALTER TABLE posts ADD COLUMN hidden_at INTEGER;
ALTER TABLE posts ADD COLUMN hidden_reason TEXT;
CREATE TABLE post_reports (
  id INTEGER PRIMARY KEY,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  reporter_id INTEGER NOT NULL REFERENCES people(id),
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by INTEGER REFERENCES people(id),
  resolution TEXT CHECK (resolution IN ('hidden', 'dismissed')),
  UNIQUE (post_id, reporter_id)
);
CREATE INDEX post_reports_open ON post_reports(resolved_at, post_id);
CREATE TABLE audit_entries (
  event_id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id INTEGER,
  detail TEXT NOT NULL
);
CREATE INDEX audit_entries_action ON audit_entries(action, event_id);
CREATE INDEX audit_entries_actor ON audit_entries(actor_id, event_id);
