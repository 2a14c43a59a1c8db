-- A page promoted from an accepted solution or a decided proposal keeps where it came from.
ALTER TABLE pages ADD COLUMN source_type TEXT CHECK (source_type IN ('problem', 'proposal'));
ALTER TABLE pages ADD COLUMN source_id BIGINT;
CREATE UNIQUE INDEX pages_source ON pages(source_type, source_id) WHERE source_type IS NOT NULL;
