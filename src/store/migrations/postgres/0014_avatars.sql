-- Avatars (src/media/avatar.h): each person's photo as a 256×256 JPEG, base64 in the store so that
-- every node serves it; avatar_version on people tells readers that one exists and which.
CREATE TABLE avatars (
  person_id BIGINT PRIMARY KEY REFERENCES people(id),
  jpeg TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
ALTER TABLE people ADD COLUMN avatar_version BIGINT;
