-- The claim reads due rows in (next_attempt_at, id) order. Rows queued by one transaction share
-- next_attempt_at, so without id in the index every claim read and sorted the whole backlog of that
-- timestamp (thousands of rows) to return a few dozen.
CREATE INDEX notifications_due_order ON notifications (channel_key, next_attempt_at, id) WHERE state = 'pending';
DROP INDEX notifications_due;
-- Room on each page lets the claim's lease update (no indexed column changes) be a HOT update: no new
-- entry in every index per claimed row. Applies to pages written from now on.
ALTER TABLE notifications SET (fillfactor = 80);
