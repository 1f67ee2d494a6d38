CREATE TABLE notifications (
  id            bigserial PRIMARY KEY,
  dedupe_key    text NOT NULL,
  receiver      text NOT NULL,
  channel       text NOT NULL,
  status        text NOT NULL,
  payload       jsonb NOT NULL,
  state         text NOT NULL DEFAULT 'pending',
  attempts      integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dedupe_key, channel)
);

CREATE TABLE delivery_attempts (
  id              bigserial PRIMARY KEY,
  notification_id bigint NOT NULL REFERENCES notifications(id),
  outcome         text NOT NULL,
  provider_status integer,
  provider_response text,
  latency_ms      double precision NOT NULL,
  attempted_at    timestamptz NOT NULL DEFAULT now()
);
