-- Decisions that are due a second look: a closed proposal may carry a date by which it should be
-- reviewed, and a later proposal may follow an earlier one up (docs/design/analytics.md,
-- "decisions past their review date").
ALTER TABLE proposals ADD COLUMN review_at BIGINT;
ALTER TABLE proposals ADD COLUMN follow_up_of BIGINT REFERENCES proposals(id);
CREATE INDEX proposals_follow_up ON proposals(follow_up_of) WHERE follow_up_of IS NOT NULL;
