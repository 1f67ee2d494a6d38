-- A summary: one send that sums up the notifications a rate limit held back. Each of them stays in the
-- ledger (state delivered, folded) and points at the summary it was folded into.
CREATE TABLE summaries (
  id              bigserial PRIMARY KEY,
  -- The send's idempotency key (Message-ID, Idempotency-Key): the same on every attempt of the summary.
  idempotency_key text NOT NULL UNIQUE,
  channel_key     text NOT NULL,
  notifications   integer NOT NULL,
  title           text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Set when the summary holding the notification was delivered.
ALTER TABLE notifications ADD COLUMN summary_id bigint REFERENCES summaries (id);
-- Set on every attempt that sent the notification inside a summary, delivered or not.
ALTER TABLE delivery_attempts ADD COLUMN summary_id bigint REFERENCES summaries (id);
CREATE INDEX notifications_summary ON notifications (summary_id) WHERE summary_id IS NOT NULL;
