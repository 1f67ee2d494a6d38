import type { Pool } from 'pg';
import type { AlertGroup } from '../domain/alert-group';
import { boundedText } from '../domain/safe-text';
import type { ChannelType } from '../domain/receivers';
import type { AttemptRecord, NewNotification, Outbox, OutboxItem } from '../ports';
import { dbError } from './postgres';

const CLAIM_SQL = `
WITH due AS (
  SELECT id FROM notifications
  WHERE channel_key = $1 AND state = 'pending' AND next_attempt_at <= now()
    AND (lease_until IS NULL OR lease_until < now())
  ORDER BY next_attempt_at, id
  LIMIT $2
  FOR UPDATE SKIP LOCKED
)
UPDATE notifications n SET lease_until = now() + make_interval(secs => $3::float8 / 1000)
FROM due WHERE n.id = due.id
RETURNING n.id, n.dedupe_key, n.receiver, n.channel_key, n.channel_type, n.status, n.origin, n.payload, n.attempts, n.queued_at`;

/** A summary send also writes its summaries row (once per idempotency key), which its notifications point at. */
const RECORD_SQL = `
WITH r AS (
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::text[], $6::float8[], $7::int[], $8::text[], $9::float8[], $10::text[], $11::text[])
    AS t(id, outcome, reason, provider_status, provider_response, latency_ms, folded_count, next_action, next_at_ms, summary_key, summary_title)
), s AS (
  INSERT INTO summaries (idempotency_key, channel_key, notifications, title)
  SELECT DISTINCT ON (r.summary_key) r.summary_key, n.channel_key, r.folded_count, r.summary_title
  FROM r JOIN notifications n ON n.id = r.id WHERE r.summary_key IS NOT NULL
  ON CONFLICT (idempotency_key) DO UPDATE SET title = EXCLUDED.title
  RETURNING id, idempotency_key
), u AS (
  UPDATE notifications n SET
    attempts = n.attempts + 1,
    lease_until = NULL,
    state = CASE r.next_action WHEN 'done' THEN 'delivered' WHEN 'dead' THEN 'dead' ELSE 'pending' END,
    next_attempt_at = CASE WHEN r.next_action = 'retry' THEN to_timestamp(r.next_at_ms / 1000.0) ELSE n.next_attempt_at END,
    delivered_at = CASE WHEN r.next_action = 'done' THEN now() ELSE n.delivered_at END,
    folded = n.folded OR (r.next_action = 'done' AND r.folded_count > 1),
    summary_id = CASE WHEN r.next_action = 'done' THEN (SELECT s.id FROM s WHERE s.idempotency_key = r.summary_key) ELSE n.summary_id END,
    last_error = CASE WHEN r.outcome = 'delivered' THEN NULL ELSE r.reason || ': ' || coalesce(r.provider_response, '') END
  FROM r WHERE n.id = ANY($1::bigint[]) AND n.id = r.id AND n.state = 'pending'
  RETURNING n.id, n.attempts
)
INSERT INTO delivery_attempts (notification_id, attempt, outcome, reason, provider_status, provider_response, latency_ms, folded_count, summary_id)
SELECT r.id, u.attempts, r.outcome, r.reason, r.provider_status, r.provider_response, r.latency_ms, r.folded_count,
  (SELECT s.id FROM s WHERE s.idempotency_key = r.summary_key)
FROM r JOIN u ON u.id = r.id`;

interface Row {
  id: string;
  dedupe_key: string;
  receiver: string;
  channel_key: string;
  channel_type: ChannelType;
  status: NewNotification['status'];
  origin: NewNotification['origin'];
  payload: AlertGroup;
  attempts: number;
  queued_at: Date;
}

function toItem(r: Row): OutboxItem {
  return {
    id: Number(r.id),
    dedupeKey: r.dedupe_key,
    receiver: r.receiver,
    channelKey: r.channel_key,
    channelType: r.channel_type,
    status: r.status,
    origin: r.origin,
    group: r.payload,
    attempts: r.attempts,
    createdAtMs: r.queued_at.getTime(),
  };
}

/**
 * A provider's answer is stored made safe (U+0000 and lone surrogates replaced: PostgreSQL refuses
 * them, and a failed ledger update would send the message again at every lease) and cut to this length.
 */
export const MAX_STORED_RESPONSE_CHARS = 1000;

function columns(records: AttemptRecord[]): unknown[] {
  return [
    records.map((a) => a.item.id),
    records.map((a) => a.outcome.result),
    records.map((a) => (a.outcome.result === 'failed' ? a.outcome.reason : null)),
    records.map((a) => a.outcome.providerStatus ?? null),
    records.map((a) =>
      a.outcome.response === undefined ? null : boundedText(a.outcome.response, MAX_STORED_RESPONSE_CHARS),
    ),
    records.map((a) => a.latencyMs),
    records.map((a) => a.foldedCount),
    records.map((a) => a.next.action),
    records.map((a) => (a.next.action === 'retry' ? a.next.atMs : null)),
    records.map((a) => a.summary?.key ?? null),
    records.map((a) => a.summary?.title ?? null),
  ];
}

/** The PostgreSQL outbox: leases via FOR UPDATE SKIP LOCKED, so instances and restarts never share a delivery. */
export class PostgresOutbox implements Outbox {
  constructor(private readonly pool: Pool) {}

  async claim(channelKey: string, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    try {
      const { rows } = await this.pool.query<Row>({
        name: 'notifier_claim',
        text: CLAIM_SQL,
        values: [channelKey, limit, leaseMs],
      });
      return rows.map(toItem).sort((a, b) => a.id - b.id);
    } catch (err) {
      throw dbError(err);
    }
  }

  async record(records: AttemptRecord[]): Promise<void> {
    try {
      await this.pool.query({ name: 'notifier_record', text: RECORD_SQL, values: columns(records) });
    } catch (err) {
      throw dbError(err);
    }
  }

  async release(ids: number[], atMs: number): Promise<void> {
    try {
      await this.pool.query(
        'UPDATE notifications SET lease_until = NULL, next_attempt_at = to_timestamp($2 / 1000.0) WHERE id = ANY($1)',
        [ids, atMs],
      );
    } catch (err) {
      throw dbError(err);
    }
  }

  async stats(): Promise<{ pending: number; dead: number }> {
    const { rows } = await this.pool.query<{ pending: string; dead: string }>(
      `SELECT (SELECT count(*) FROM notifications WHERE state = 'pending') AS pending,
              (SELECT count(*) FROM notifications WHERE state = 'dead') AS dead`,
    );
    return { pending: Number(rows[0]?.pending ?? 0), dead: Number(rows[0]?.dead ?? 0) };
  }
}
