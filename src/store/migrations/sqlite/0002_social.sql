-- Social layer: spaces (membership only; their features arrive with the collaborative layer),
-- posts, replies and reshares, topics, mentions, reactions, search, notifications.
CREATE TABLE spaces (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'project' CHECK (kind IN ('project', 'problem', 'community')),
  visibility TEXT NOT NULL CHECK (visibility IN ('public', 'private', 'secret')),
  created_by INTEGER REFERENCES people(id),
  member_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

CREATE TABLE space_members (
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'member', 'guest')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (space_id, person_id)
) WITHOUT ROWID;
CREATE INDEX space_members_person ON space_members(person_id, space_id);

-- Every post carries the visibility of its thread: audience, unit, space and the root's author are
-- copied from the root onto replies, so one predicate decides for any row without a join.
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES people(id),
  body TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('public', 'unit', 'followers', 'space')),
  unit_id INTEGER,
  space_id INTEGER REFERENCES spaces(id),
  record_id INTEGER,
  root_id INTEGER NOT NULL,
  root_author_id INTEGER NOT NULL,
  reply_to INTEGER REFERENCES posts(id),
  reshare_of INTEGER REFERENCES posts(id),
  reply_count INTEGER NOT NULL DEFAULT 0,
  reshare_count INTEGER NOT NULL DEFAULT 0,
  like_count INTEGER NOT NULL DEFAULT 0,
  celebrate_count INTEGER NOT NULL DEFAULT 0,
  insightful_count INTEGER NOT NULL DEFAULT 0,
  support_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER
);
CREATE INDEX posts_author_roots ON posts(author_id, id) WHERE reply_to IS NULL;
CREATE INDEX posts_unit_roots ON posts(unit_id, id) WHERE reply_to IS NULL;
CREATE INDEX posts_space_roots ON posts(space_id, id) WHERE reply_to IS NULL;
CREATE INDEX posts_thread ON posts(root_id, id);
CREATE INDEX posts_reshares ON posts(reshare_of, id) WHERE reshare_of IS NOT NULL;

CREATE VIRTUAL TABLE posts_fts USING fts5(
  body, content = 'posts', content_rowid = 'id',
  tokenize = "unicode61 remove_diacritics 2",
  prefix = '2 3'
);

CREATE TABLE topics (
  name TEXT PRIMARY KEY,
  post_count INTEGER NOT NULL DEFAULT 0,
  followers_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX topics_popularity ON topics(post_count DESC, name);

CREATE TABLE post_topics (
  topic TEXT NOT NULL,
  post_id INTEGER NOT NULL REFERENCES posts(id),
  PRIMARY KEY (topic, post_id)
) WITHOUT ROWID;
CREATE INDEX post_topics_post ON post_topics(post_id, topic);

CREATE TABLE topic_follows (
  person_id INTEGER NOT NULL REFERENCES people(id),
  topic TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (person_id, topic)
) WITHOUT ROWID;
CREATE INDEX topic_follows_topic ON topic_follows(topic, person_id);

CREATE TABLE post_mentions (
  post_id INTEGER NOT NULL REFERENCES posts(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  PRIMARY KEY (post_id, person_id)
) WITHOUT ROWID;

CREATE TABLE reactions (
  post_id INTEGER NOT NULL REFERENCES posts(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL CHECK (kind IN ('like', 'celebrate', 'insightful', 'support')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (post_id, person_id, kind)
) WITHOUT ROWID;

-- Derived from the activity log by the notifier; event_id ties each row to the event it came from.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL,
  actor_id INTEGER REFERENCES people(id),
  subject_type TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  post_id INTEGER,
  event_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER,
  UNIQUE (person_id, event_id, kind)
);
CREATE INDEX notifications_person ON notifications(person_id, id);
CREATE INDEX notifications_unread ON notifications(person_id, id) WHERE read_at IS NULL;
CREATE INDEX notifications_event ON notifications(person_id, event_id);
