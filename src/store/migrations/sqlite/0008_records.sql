-- Work context: records from other systems (a CRM opportunity, an expense statement, a support
-- ticket), keyed by (system, type, external_id), with an optional access list, the history of
-- their field changes and their followers. Posts and problems name a record by `record_id`
-- (columns since 0002 and 0003). docs/design/work-context.md.
CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  system TEXT NOT NULL,
  type TEXT NOT NULL,
  external_id TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT,
  fields TEXT NOT NULL DEFAULT '{}',
  search_text TEXT NOT NULL DEFAULT '',
  space_id INTEGER REFERENCES spaces(id),
  owner_id INTEGER REFERENCES people(id),
  restricted INTEGER NOT NULL DEFAULT 0,
  follower_count INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES people(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX records_identity ON records(system, type, external_id);
CREATE INDEX records_owner ON records(owner_id) WHERE owner_id IS NOT NULL;

-- A restricted record is seen by the people and the members of the units listed here (and admins).
CREATE TABLE record_access (
  record_id INTEGER NOT NULL REFERENCES records(id),
  principal_type TEXT NOT NULL CHECK (principal_type IN ('person', 'unit')),
  principal_id INTEGER NOT NULL,
  PRIMARY KEY (record_id, principal_type, principal_id)
) WITHOUT ROWID;
CREATE INDEX record_access_principal ON record_access(principal_type, principal_id, record_id);

-- One row per changed field, title or url; old and new values are JSON text (NULL: absent).
CREATE TABLE record_changes (
  id INTEGER PRIMARY KEY,
  record_id INTEGER NOT NULL REFERENCES records(id),
  event_id INTEGER NOT NULL,
  what TEXT NOT NULL CHECK (what IN ('field', 'title', 'url')),
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  quiet INTEGER NOT NULL DEFAULT 0,
  changed_at INTEGER NOT NULL
);
CREATE INDEX record_changes_record ON record_changes(record_id, id);

CREATE TABLE record_follows (
  record_id INTEGER NOT NULL REFERENCES records(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (record_id, person_id)
) WITHOUT ROWID;
CREATE INDEX record_follows_person ON record_follows(person_id, record_id);

-- The systems and types an admin allows; while the table is empty, any is accepted.
CREATE TABLE record_types (
  system TEXT NOT NULL,
  type TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (system, type)
) WITHOUT ROWID;

CREATE INDEX posts_record ON posts(record_id, id) WHERE record_id IS NOT NULL;
CREATE INDEX problems_record ON problems(record_id, id) WHERE record_id IS NOT NULL;
ALTER TABLE notifications ADD COLUMN record_id INTEGER;
