-- Collaborative layer: join requests, problems and solutions, ideas with votes, comments and
-- stages, proposals with stances; a search index over titles and bodies of spaces and work items.
CREATE INDEX spaces_visibility ON spaces(visibility, id);

CREATE TABLE join_requests (
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (space_id, person_id)
) WITHOUT ROWID;

CREATE TABLE problems (
  id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  record_id INTEGER,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
  accepted_solution_id INTEGER,
  solution_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER
);
CREATE INDEX problems_space ON problems(space_id, id);

CREATE TABLE solutions (
  id INTEGER PRIMARY KEY,
  problem_id INTEGER NOT NULL REFERENCES problems(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  body TEXT NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE INDEX solutions_problem ON solutions(problem_id, id);

CREATE TABLE solution_votes (
  solution_id INTEGER NOT NULL REFERENCES solutions(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  PRIMARY KEY (solution_id, person_id)
) WITHOUT ROWID;

CREATE TABLE ideas (
  id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  from_problem_id INTEGER REFERENCES problems(id),
  stage TEXT NOT NULL DEFAULT 'new'
    CHECK (stage IN ('new', 'under_review', 'accepted', 'implemented', 'declined')),
  score INTEGER NOT NULL DEFAULT 0,
  comment_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  stage_changed_at INTEGER NOT NULL
);
CREATE INDEX ideas_space ON ideas(space_id, id);
CREATE INDEX ideas_problem ON ideas(from_problem_id) WHERE from_problem_id IS NOT NULL;

CREATE TABLE idea_votes (
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  value INTEGER NOT NULL CHECK (value IN (-1, 1)),
  PRIMARY KEY (idea_id, person_id)
) WITHOUT ROWID;

CREATE TABLE idea_comments (
  id INTEGER PRIMARY KEY,
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX idea_comments_idea ON idea_comments(idea_id, id);

CREATE TABLE idea_stages (
  id INTEGER PRIMARY KEY,
  idea_id INTEGER NOT NULL REFERENCES ideas(id),
  stage TEXT NOT NULL,
  note TEXT NOT NULL,
  by_id INTEGER REFERENCES people(id),
  at INTEGER NOT NULL
);
CREATE INDEX idea_stages_idea ON idea_stages(idea_id, id);

CREATE TABLE proposals (
  id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  from_idea_id INTEGER REFERENCES ideas(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closes_at INTEGER NOT NULL,
  agree INTEGER NOT NULL DEFAULT 0,
  abstain INTEGER NOT NULL DEFAULT 0,
  disagree INTEGER NOT NULL DEFAULT 0,
  block INTEGER NOT NULL DEFAULT 0,
  outcome TEXT,
  decision TEXT CHECK (decision IN ('adopted', 'rejected')),
  created_at INTEGER NOT NULL,
  closed_at INTEGER
);
CREATE INDEX proposals_space ON proposals(space_id, id);
CREATE INDEX proposals_idea ON proposals(from_idea_id) WHERE from_idea_id IS NOT NULL;
CREATE INDEX proposals_due ON proposals(closes_at) WHERE status = 'open';

CREATE TABLE stances (
  proposal_id INTEGER NOT NULL REFERENCES proposals(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  stance TEXT NOT NULL CHECK (stance IN ('agree', 'abstain', 'disagree', 'block')),
  reason TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (proposal_id, person_id)
) WITHOUT ROWID;

-- One search index for spaces, problems and ideas: rowid = kind * 2^40 + item id.
CREATE VIRTUAL TABLE work_fts USING fts5(
  title, body, tokenize = "unicode61 remove_diacritics 2", prefix = '2 3'
);

-- Notifications about work in a space are only shown while the person may see that space's content.
ALTER TABLE notifications ADD COLUMN space_id INTEGER;
