-- A sign-in attempt is counted before its password is checked, and its rows are forgotten if it
-- succeeds (src/actions/accounts.cc, SigninThrottle): attempts made at once can no longer all
-- pass the count. `attempt` names the two rows (account, address) of one attempt.
ALTER TABLE signin_failures ADD COLUMN attempt TEXT;
CREATE INDEX signin_failures_attempt ON signin_failures (attempt) WHERE attempt IS NOT NULL;
