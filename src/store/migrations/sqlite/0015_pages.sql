-- Knowledge pages (docs/design/pages.md): Markdown pages of a space in a tree, each save a
-- revision; `revision_id` names the current one (the page's ETag).
CREATE TABLE pages (
  id INTEGER PRIMARY KEY,
  space_id INTEGER NOT NULL REFERENCES spaces(id),
  parent_id INTEGER REFERENCES pages(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  revision_id INTEGER NOT NULL DEFAULT 0,
  revision_count INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER NOT NULL REFERENCES people(id),
  updated_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX pages_space ON pages(space_id, id);
CREATE INDEX pages_parent ON pages(parent_id) WHERE parent_id IS NOT NULL;

-- base_id: the revision its author started from; merged: saved over newer revisions by a
-- three-way merge; restored_from: the old revision it brings back.
CREATE TABLE page_revisions (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  base_id INTEGER,
  merged INTEGER NOT NULL DEFAULT 0,
  restored_from INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX page_revisions_page ON page_revisions(page_id, id);
