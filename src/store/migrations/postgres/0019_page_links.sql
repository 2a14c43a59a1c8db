-- Links written in knowledge pages, to other pages and to problems, ideas, proposals and records:
-- derived from each page's current text by the page_links subscriber, read as backlinks on the target.
CREATE TABLE page_links (
  page_id BIGINT NOT NULL REFERENCES pages(id),
  target_type TEXT NOT NULL CHECK (target_type IN ('page', 'problem', 'idea', 'proposal', 'record')),
  target_id BIGINT NOT NULL,
  PRIMARY KEY (page_id, target_type, target_id)
);
CREATE INDEX page_links_target ON page_links(target_type, target_id, page_id);
