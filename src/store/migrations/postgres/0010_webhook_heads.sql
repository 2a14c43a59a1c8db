-- The dispatcher finds each webhook's oldest pending delivery with one seek: by webhook, status
-- and id (the partial index lost to webhook_deliveries_log, which made the seek walk every
-- delivery already sent).
DROP INDEX webhook_deliveries_pending;
CREATE INDEX webhook_deliveries_status ON webhook_deliveries(webhook_id, status, id);
