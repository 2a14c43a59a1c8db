-- A page written up from a problem on a record stays behind that record's gate (policy::page_gate).
-- Notifications about such pages carry the record, as those about the problem do, so that a
-- notification list leaves them out for people the record's access list leaves out.
UPDATE notifications SET record_id = (SELECT pr.record_id FROM pages g JOIN problems pr ON g.source_type = 'problem'
                                      AND pr.id = g.source_id WHERE g.id = notifications.subject_id)
WHERE subject_type = 'page' AND record_id IS NULL;
