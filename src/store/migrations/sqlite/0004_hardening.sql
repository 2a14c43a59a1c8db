-- Rights that end: deactivated people, tokens that expire, invitations to spaces by e-mail.
ALTER TABLE people ADD COLUMN deactivated_at INTEGER;
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;

-- Threads below a reply are walked by reply_to.
CREATE INDEX posts_reply_to ON posts(reply_to) WHERE reply_to IS NOT NULL;

CREATE TABLE space_invitations (
  id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  email TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('member', 'guest')),
  invited_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  accepted_at INTEGER,
  accepted_by INTEGER REFERENCES people(id),
  revoked_at INTEGER
);
CREATE INDEX space_invitations_email ON space_invitations(email) WHERE accepted_at IS NULL AND revoked_at IS NULL;
CREATE INDEX space_invitations_space ON space_invitations(space_id, id);
