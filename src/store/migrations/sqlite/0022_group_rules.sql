-- Rules an admin writes from the identity provider's groups to Weft: a group's people go to a unit
-- and/or join a space. Groups come from SCIM (scim_group_members) and from the groups claim of a
-- person's last single sign-on (person_idp_groups).
CREATE TABLE group_rules (
  id INTEGER PRIMARY KEY,
  position INTEGER NOT NULL,
  group_name TEXT NOT NULL,
  unit_id INTEGER REFERENCES units(id),
  space_id INTEGER REFERENCES spaces(id),
  space_role TEXT NOT NULL CHECK (space_role IN ('member', 'guest')),
  created_at INTEGER NOT NULL
);
CREATE TABLE person_idp_groups (
  person_id INTEGER NOT NULL REFERENCES people(id),
  group_name TEXT NOT NULL,
  PRIMARY KEY (person_id, group_name)
);
CREATE INDEX person_idp_groups_name ON person_idp_groups(group_name, person_id);
