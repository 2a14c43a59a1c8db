-- The records whose access list hides them from some: every expertise query asks which of them
-- the asker may not see (the asker's scope, src/expertise/service.cc); with no index on
-- `restricted`, each read all records. Most records are not restricted.
CREATE INDEX records_restricted ON records(id) WHERE restricted;
