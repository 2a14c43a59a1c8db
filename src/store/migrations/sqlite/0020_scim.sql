-- Identity provisioning (SCIM 2.0): the identity provider's id for a person, when it last changed
-- them, and whether it deleted them (deactivated, content kept, gone from /scim/v2); its groups.
ALTER TABLE people ADD COLUMN external_id TEXT;
ALTER TABLE people ADD COLUMN updated_at INTEGER;
ALTER TABLE people ADD COLUMN deprovisioned_at INTEGER;
CREATE UNIQUE INDEX people_external_id ON people(external_id) WHERE external_id IS NOT NULL;
CREATE TABLE scim_groups (
  id INTEGER PRIMARY KEY,
  display_name TEXT NOT NULL,
  external_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX scim_groups_name ON scim_groups(display_name);
CREATE UNIQUE INDEX scim_groups_external_id ON scim_groups(external_id) WHERE external_id IS NOT NULL;
CREATE TABLE scim_group_members (
  group_id INTEGER NOT NULL REFERENCES scim_groups(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id),
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX scim_group_members_person ON scim_group_members(person_id, group_id);
