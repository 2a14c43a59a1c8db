-- What people post about, as expertise evidence (docs/design/expertise.md, DECISIONS 88): for each
-- person, topic and space (0: outside any space), how many of their posts carry the topic and when
-- they last posted one. Kept by the topic_posters subscriber (src/expertise/topic_posters.h) and
-- read whole when the expertise index is built, instead of every post's topics; the subscriber
-- fills it from the posts the first time the server starts with it.
CREATE TABLE topic_posters (
  person_id BIGINT NOT NULL,
  topic TEXT NOT NULL,
  space_id BIGINT NOT NULL,
  posts BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (person_id, topic, space_id)
);
-- A person's posts, replies included (the roots have posts_author_roots): the view re-counts one
-- person's topics from them when that person posts, edits or deletes.
CREATE INDEX posts_author ON posts(author_id, id);
