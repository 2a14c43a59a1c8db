-- Foundation: units, people, skills, endorsements, follows, sessions, tokens, the activity log.
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES units(id),
  created_at INTEGER NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
  id INTEGER PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  bio TEXT NOT NULL DEFAULT '',
  unit_id INTEGER REFERENCES units(id),
  role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'guest')),
  password_hash TEXT NOT NULL,
  followers_count INTEGER NOT NULL DEFAULT 0,
  following_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX people_name ON people(name, id);
CREATE INDEX people_unit ON people(unit_id, name, id);

-- Full-text index of what people search by; rowid is the person id.
CREATE VIRTUAL TABLE people_fts USING fts5(
  name, handle, title, skills,
  tokenize = "unicode61 remove_diacritics 2 tokenchars '._-'",
  prefix = '1 2 3'
);

CREATE TABLE skills (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  people_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX skills_popularity ON skills(people_count DESC, name);

CREATE TABLE person_skills (
  person_id INTEGER NOT NULL REFERENCES people(id),
  skill_id INTEGER NOT NULL REFERENCES skills(id),
  position INTEGER NOT NULL,
  endorsements INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (person_id, skill_id)
) WITHOUT ROWID;
CREATE INDEX person_skills_skill ON person_skills(skill_id, person_id);

CREATE TABLE endorsements (
  person_id INTEGER NOT NULL REFERENCES people(id),
  skill_id INTEGER NOT NULL REFERENCES skills(id),
  endorser_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (person_id, skill_id, endorser_id)
) WITHOUT ROWID;
CREATE INDEX endorsements_endorser ON endorsements(endorser_id, person_id);

CREATE TABLE follows (
  id INTEGER PRIMARY KEY,
  follower_id INTEGER NOT NULL REFERENCES people(id),
  followee_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  UNIQUE (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows(followee_id, id);
CREATE INDEX follows_follower ON follows(follower_id, id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX api_tokens_person ON api_tokens(person_id, id);

-- The activity log: every change appends one row here in its own transaction.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor_id INTEGER,
  verb TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_id INTEGER,
  space_id INTEGER,
  audience TEXT NOT NULL DEFAULT 'public',
  payload TEXT NOT NULL DEFAULT '{}'
);

-- How far each durable subscriber of the log has read.
CREATE TABLE event_checkpoints (
  name TEXT PRIMARY KEY,
  last_id INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
