-- A reply's Message-ID is its sender's to choose: two people's mails may carry the same one. A
-- mail is a duplicate only of the same person's mail with that Message-ID.
ALTER TABLE mail_inbound DROP CONSTRAINT mail_inbound_pkey;
ALTER TABLE mail_inbound ADD PRIMARY KEY (person_id, message_id);
