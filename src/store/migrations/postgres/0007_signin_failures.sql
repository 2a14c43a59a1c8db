-- Failed sign-ins, counted per account and per address within a window, kept in the store so
-- that every node behind a load balancer counts the same attempts. `key` is "account:<e-mail>" or
-- "address:<ip>"; rows older than the window are deleted as new failures arrive.
CREATE TABLE signin_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX signin_failures_key_at ON signin_failures (key, at);
CREATE INDEX signin_failures_at ON signin_failures (at);
