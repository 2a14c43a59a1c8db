-- Who watches a page (docs/design/pages.md): told of each edit. Its creator and each editor watch
-- it from their save on, until they stop.
CREATE TABLE page_watches (
  page_id INTEGER NOT NULL REFERENCES pages(id),
  person_id INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (page_id, person_id)
) WITHOUT ROWID;
CREATE INDEX page_watches_person ON page_watches(person_id, page_id);
