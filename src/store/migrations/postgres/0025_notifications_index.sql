-- notifications_event (person_id, event_id) repeated the first two columns of the table's own
-- UNIQUE (person_id, event_id, kind) index, which serves the same look-ups: every notification
-- stored wrote one index entry more than it needed (docs/DECISIONS.md 74).
DROP INDEX IF EXISTS notifications_event;
