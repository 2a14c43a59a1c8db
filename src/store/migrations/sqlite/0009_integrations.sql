-- Integrations: secrets that sign inbound hooks (each with keys, so that a rotation may overlap),
-- the signatures accepted within the replay window, and outbound webhooks with their deliveries.
-- These tables hold credentials: exports never carry them. docs/design/work-context.md.
CREATE TABLE inbound_secrets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  system TEXT,
  created_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER
);

-- expires_at NULL: the current key; set: the end of a rotation's overlap.
CREATE TABLE inbound_secret_keys (
  id INTEGER PRIMARY KEY,
  secret_id INTEGER NOT NULL REFERENCES inbound_secrets(id),
  secret TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER
);
CREATE INDEX inbound_secret_keys_secret ON inbound_secret_keys(secret_id, id);

-- Signatures accepted in the last 10 minutes: the same one again is a replay.
CREATE TABLE seen_signatures (
  secret_id INTEGER NOT NULL,
  mac TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (secret_id, mac)
) WITHOUT ROWID;
CREATE INDEX seen_signatures_at ON seen_signatures(at);

CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT,
  previous_expires_at INTEGER,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT,
  disabled_at INTEGER,
  failing_since_ms INTEGER,
  after_event_id INTEGER NOT NULL,
  created_by INTEGER NOT NULL REFERENCES people(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY,
  webhook_id INTEGER NOT NULL REFERENCES webhooks(id),
  event_id INTEGER,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at_ms INTEGER,
  last_attempt_at_ms INTEGER,
  response_code INTEGER,
  response_excerpt TEXT,
  error TEXT,
  redelivery_of INTEGER REFERENCES webhook_deliveries(id),
  created_at_ms INTEGER NOT NULL,
  delivered_at_ms INTEGER
);
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries(webhook_id, event_id)
  WHERE redelivery_of IS NULL AND event_id IS NOT NULL;
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(webhook_id, id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries(webhook_id, id);
