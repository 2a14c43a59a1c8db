-- Who watches a page (docs/design/pages.md): told of each edit. Its creator and each editor watch
-- it from their save on, until they stop.
CREATE TABLE page_watches (
  page_id BIGINT NOT NULL REFERENCES pages(id),
  person_id BIGINT NOT NULL REFERENCES people(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (page_id, person_id)
);
CREATE INDEX page_watches_person ON page_watches(person_id, page_id);
