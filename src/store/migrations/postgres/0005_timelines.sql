-- Home timelines, a view derived from the activity log (src/timelines/): for each person who read
-- their home feed lately, the ids of the top-level posts that entered it, newest first by id.
CREATE TABLE timelines (
  person_id BIGINT NOT NULL,
  post_id BIGINT NOT NULL,
  PRIMARY KEY (person_id, post_id)
);

-- Whose timeline is kept up to date by fan-out: people who read it within the active window.
-- complete = 1 when the timeline holds every post of the feed (else older pages are read from the
-- posts themselves).
CREATE TABLE timeline_state (
  person_id BIGINT PRIMARY KEY,
  read_at BIGINT NOT NULL,
  built_at BIGINT NOT NULL,
  complete BOOLEAN NOT NULL
);
CREATE INDEX timeline_state_read ON timeline_state(read_at);
