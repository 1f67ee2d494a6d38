-- Reminders. Alertmanager repeats a still-firing notification every repeat_interval with the same
-- content as before, so the content alone (the dedupe key) cannot tell a reminder from a retry or an
-- HA peer's copy. One row per firing notification identity records when it was last accepted and how
-- many reminders followed; the intake upserts it, so concurrent copies on several instances serialise
-- on the row and collapse into one notification.
CREATE TABLE notification_identities (
  identity     text PRIMARY KEY,
  seq          integer NOT NULL DEFAULT 0,
  accepted_at  timestamptz NOT NULL
);
INSERT INTO notification_identities (identity, seq, accepted_at)
SELECT dedupe_key, 0, max(created_at) FROM notifications
WHERE origin = 'alertmanager' AND status = 'firing'
GROUP BY dedupe_key;

-- 0 for the first notification of an identity, n for its n-th reminder.
ALTER TABLE notifications ADD COLUMN repeat_seq integer NOT NULL DEFAULT 0;

-- The alert names a notification carries, for GET /api/v1/notifications?alertname=.
ALTER TABLE notifications ADD COLUMN alertnames text[] NOT NULL DEFAULT '{}';
UPDATE notifications SET alertnames = ARRAY(
  SELECT DISTINCT a->'labels'->>'alertname' FROM jsonb_array_elements(payload->'alerts') AS a
  WHERE a->'labels' ? 'alertname' ORDER BY 1
)
WHERE jsonb_typeof(payload->'alerts') = 'array';
CREATE INDEX notifications_alertnames ON notifications USING gin (alertnames);

-- The alert's own end, when the notifier learned it (the rule-evaluator's resolvedAt on the alerts
-- topic); the resolved guarantee's notice uses it instead of the time it noticed the alert was gone.
ALTER TABLE alert_receipts ADD COLUMN ends_at timestamptz;
