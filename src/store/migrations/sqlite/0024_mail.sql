-- E-mail: each person's choice per space (space_id 0: everywhere else), the organization's default
-- and the key that signs reply and unsubscribe addresses (one row), and the outbox the sender
-- works (one row per message; dedupe_key makes a message once however often it is asked for).
CREATE TABLE mail_preferences (
  person_id INTEGER NOT NULL REFERENCES people(id),
  space_id INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('realtime', 'daily', 'weekly', 'off')),
  PRIMARY KEY (person_id, space_id)
);
CREATE TABLE mail_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  default_mode TEXT NOT NULL CHECK (default_mode IN ('realtime', 'daily', 'weekly', 'off')),
  signing_key TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  kind TEXT NOT NULL,
  dedupe_key TEXT NOT NULL UNIQUE,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL,
  next_attempt_at_ms INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX mail_outbox_due ON mail_outbox(status, next_attempt_at_ms, id);
CREATE INDEX mail_outbox_person ON mail_outbox(person_id, id);
-- Replies that arrived by e-mail, by the mail's Message-ID: a mail delivered twice makes one reply.
CREATE TABLE mail_inbound (
  message_id TEXT PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  post_id INTEGER NOT NULL REFERENCES posts(id),
  at INTEGER NOT NULL
);
