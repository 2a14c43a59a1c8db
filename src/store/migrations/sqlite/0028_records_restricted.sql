-- The records whose access list hides them from some: every expertise query (the asker's scope,
-- src/expertise/service.cc) and every records list asks for them by `restricted`, which no index
-- covered, so each read all records. Most records are not restricted.
CREATE INDEX records_restricted ON records(id) WHERE restricted;
