-- Single sign-on through the organization's OpenID Connect provider: its settings (one provider),
-- sign-ins under way (state, nonce and PKCE verifier, used once), and whom each person is there.
CREATE TABLE oidc_settings (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  scopes TEXT NOT NULL,
  display_name TEXT NOT NULL,
  claim_email TEXT NOT NULL,
  claim_name TEXT NOT NULL,
  claim_title TEXT NOT NULL,
  claim_unit TEXT NOT NULL,
  claim_groups TEXT NOT NULL,
  local_passwords BIGINT NOT NULL,
  break_glass_email TEXT,
  updated_at BIGINT NOT NULL
);
CREATE TABLE oidc_states (
  state_hash TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  verifier TEXT NOT NULL,
  return_to TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
ALTER TABLE people ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX people_oidc_subject ON people(oidc_subject) WHERE oidc_subject IS NOT NULL;
