-- One row per (notification, receiver channel): the outbox and the ledger in one table.
CREATE TABLE notifications (
  id              bigserial PRIMARY KEY,
  dedupe_key      text NOT NULL,
  receiver        text NOT NULL,
  channel_key     text NOT NULL,
  channel_type    text NOT NULL,
  status          text NOT NULL CHECK (status IN ('firing', 'resolved')),
  origin          text NOT NULL DEFAULT 'alertmanager',
  group_key       text NOT NULL,
  payload         jsonb NOT NULL,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  last_error      text,
  folded          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  -- Max age counts from here; a manual retry of a dead letter restarts it.
  queued_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  UNIQUE (dedupe_key, channel_key)
);
CREATE INDEX notifications_due ON notifications (channel_key, next_attempt_at) WHERE state = 'pending';
CREATE INDEX notifications_state_created ON notifications (state, created_at DESC);
CREATE INDEX notifications_dead ON notifications (id) WHERE state = 'dead';

CREATE TABLE delivery_attempts (
  id                bigserial PRIMARY KEY,
  notification_id   bigint NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
  attempt           integer NOT NULL,
  outcome           text NOT NULL,
  reason            text,
  provider_status   integer,
  provider_response text,
  latency_ms        double precision NOT NULL,
  folded_count      integer NOT NULL DEFAULT 1,
  attempted_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_attempts_notification ON delivery_attempts (notification_id);

-- Which receiver was told an alert fires, so it is also told when it resolves.
CREATE TABLE alert_receipts (
  receiver       text NOT NULL,
  fingerprint    text NOT NULL,
  starts_at      timestamptz NOT NULL,
  alert          jsonb NOT NULL,
  group_key      text NOT NULL,
  resolved       boolean NOT NULL DEFAULT false,
  missing_since  timestamptz,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (receiver, fingerprint, starts_at)
);
CREATE INDEX alert_receipts_open ON alert_receipts (fingerprint) WHERE NOT resolved;

CREATE TABLE escalations (
  id           bigserial PRIMARY KEY,
  policy       text NOT NULL,
  fingerprint  text NOT NULL,
  starts_at    timestamptz NOT NULL,
  alert        jsonb NOT NULL,
  step         integer NOT NULL DEFAULT 0,
  next_due_at  timestamptz NOT NULL,
  state        text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acked', 'resolved', 'done')),
  acked_by     text,
  acked_at     timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (policy, fingerprint, starts_at)
);
CREATE INDEX escalations_due ON escalations (next_due_at) WHERE state = 'open';

CREATE TABLE alert_history (
  id           bigserial PRIMARY KEY,
  source_ref   text NOT NULL UNIQUE,
  fingerprint  text NOT NULL,
  alertname    text NOT NULL,
  state        text NOT NULL,
  labels       jsonb NOT NULL,
  annotations  jsonb NOT NULL,
  value        double precision,
  rule_group   text,
  active_at    timestamptz,
  fired_at     timestamptz,
  resolved_at  timestamptz,
  event_at     timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_history_event_at ON alert_history (event_at DESC);
CREATE INDEX alert_history_alertname ON alert_history (alertname, event_at DESC);
CREATE INDEX alert_history_labels ON alert_history USING gin (labels jsonb_path_ops);
