-- A reply's Message-ID is its sender's to choose: two people's mails may carry the same one. A
-- mail is a duplicate only of the same person's mail with that Message-ID.
CREATE TABLE mail_inbound_new (
  message_id TEXT NOT NULL,
  person_id INTEGER NOT NULL REFERENCES people(id),
  post_id INTEGER NOT NULL REFERENCES posts(id),
  at INTEGER NOT NULL,
  PRIMARY KEY (person_id, message_id)
);
INSERT INTO mail_inbound_new (message_id, person_id, post_id, at) SELECT message_id, person_id, post_id, at FROM mail_inbound;
DROP TABLE mail_inbound;
ALTER TABLE mail_inbound_new RENAME TO mail_inbound;
