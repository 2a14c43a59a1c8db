-- Expertise: when people are away, what they said about suggestions, and who was suggested for
-- which problem (and told of it). docs/design/expertise.md.
ALTER TABLE people ADD COLUMN unavailable_until INTEGER;

-- "not_me" is said by the person suggested (person_id = by_id); "helped" by the one who asked.
CREATE TABLE expertise_feedback (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id),
  verdict TEXT NOT NULL CHECK (verdict IN ('not_me', 'helped')),
  subject_type TEXT NOT NULL CHECK (subject_type IN ('problem', 'record')),
  subject_id INTEGER NOT NULL,
  by_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  UNIQUE (person_id, verdict, subject_type, subject_id)
);
CREATE INDEX expertise_feedback_subject ON expertise_feedback(subject_type, subject_id);

CREATE TABLE expert_suggestions (
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  position INTEGER NOT NULL,
  score REAL NOT NULL,
  notified INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (problem_id, person_id)
);
CREATE INDEX expert_suggestions_person ON expert_suggestions(person_id, created_at);
