-- Comments on knowledge pages: a conversation beside the text, seen by whoever may read the page.
CREATE TABLE page_comments (
  id INTEGER PRIMARY KEY,
  page_id INTEGER NOT NULL REFERENCES pages(id),
  author_id INTEGER NOT NULL REFERENCES people(id),
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX page_comments_page ON page_comments(page_id, id);
ALTER TABLE pages ADD COLUMN comment_count INTEGER NOT NULL DEFAULT 0;
