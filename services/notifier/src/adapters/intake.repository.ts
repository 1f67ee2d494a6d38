import type { Pool, PoolClient } from 'pg';
import type { IntakeBatch, IntakeStore, NewNotification } from '../ports';
import { dbError, inTransaction } from './postgres';

const INSERT_NOTIFICATIONS = `
INSERT INTO notifications (dedupe_key, receiver, channel_key, channel_type, status, origin, group_key, payload)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
ON CONFLICT (dedupe_key, channel_key) DO NOTHING
RETURNING dedupe_key, channel_key`;

/**
 * Outbox rows and firing receipts of a whole group in one statement (so one round trip, and atomic on
 * its own). Receipts repeated within the group collapse to the last one, as if written one after another.
 */
const INSERT_WITH_RECEIPTS = `
WITH ins AS (${INSERT_NOTIFICATIONS}),
rec AS (
  INSERT INTO alert_receipts (receiver, fingerprint, starts_at, alert, group_key)
  SELECT DISTINCT ON (r, f, s::timestamptz) r, f, s::timestamptz, a, g
  FROM unnest($9::text[], $10::text[], $11::text[], $12::jsonb[], $13::text[]) WITH ORDINALITY AS t(r, f, s, a, g, ord)
  ORDER BY r, f, s::timestamptz, ord DESC
  ON CONFLICT (receiver, fingerprint, starts_at) DO UPDATE SET alert = EXCLUDED.alert, missing_since = NULL, updated_at = now()
)
SELECT dedupe_key, channel_key FROM ins`;

/** A resolved notice closes the receipt of its own episode and older ones, never a newer episode's. */
const RESOLVE_RECEIPTS = `
UPDATE alert_receipts r SET resolved = true, updated_at = now()
FROM unnest($1::text[], $2::text[], $3::timestamptz[]) AS t(receiver, fingerprint, starts_at)
WHERE r.receiver = t.receiver AND r.fingerprint = t.fingerprint AND r.starts_at <= t.starts_at AND NOT r.resolved`;

const START_ESCALATIONS = `
INSERT INTO escalations (policy, fingerprint, starts_at, alert, next_due_at)
SELECT p, f, s, a, to_timestamp(d / 1000.0) FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::float8[]) AS t(p, f, s, a, d)
ON CONFLICT (policy, fingerprint, starts_at) DO NOTHING`;

const RESOLVE_ESCALATIONS = `
UPDATE escalations e SET state = 'resolved'
FROM unnest($1::text[], $2::timestamptz[]) AS t(fingerprint, starts_at)
WHERE e.state = 'open' AND e.fingerprint = t.fingerprint AND e.starts_at <= t.starts_at`;

type Query = { name: string; text: string; values: unknown[] };
const keyOf = (n: NewNotification): string => `${n.dedupeKey}\n${n.channelKey}`;

function notificationColumns(rows: NewNotification[]): unknown[] {
  return [
    rows.map((n) => n.dedupeKey),
    rows.map((n) => n.receiver),
    rows.map((n) => n.channelKey),
    rows.map((n) => n.channelType),
    rows.map((n) => n.status),
    rows.map((n) => n.origin),
    rows.map((n) => n.group.groupKey),
    rows.map((n) => JSON.stringify(n.group)),
  ];
}

/** Inserts outbox rows (distinct keys); returns those that were new. */
export async function insertNotifications(
  c: PoolClient | Pool,
  rows: NewNotification[],
): Promise<NewNotification[]> {
  if (rows.length === 0) return [];
  const { rows: inserted } = await c.query<{ dedupe_key: string; channel_key: string }>(
    INSERT_NOTIFICATIONS,
    notificationColumns(rows),
  );
  const keys = new Set(inserted.map((r) => `${r.dedupe_key}\n${r.channel_key}`));
  return rows.filter((n) => keys.has(keyOf(n)));
}

/** First occurrence of each key wins, as if the batches were committed one after another; sorted so that concurrent groups lock keys in one order. */
function distinctNotifications(batches: readonly IntakeBatch[]): NewNotification[] {
  const seen = new Map<string, NewNotification>();
  for (const b of batches) for (const n of b.notifications) if (!seen.has(keyOf(n))) seen.set(keyOf(n), n);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
}

function insertQuery(rows: NewNotification[], batches: readonly IntakeBatch[]): Query {
  const receipts = batches.flatMap((b) =>
    b.firingReceipts.flatMap((u) =>
      u.group.alerts.map((a) => ({
        u,
        a,
        stored: JSON.stringify({
          alert: a,
          externalURL: u.group.externalURL,
          groupLabels: u.group.groupLabels,
        }),
      })),
    ),
  );
  return {
    name: 'notifier_intake_insert',
    text: INSERT_WITH_RECEIPTS,
    values: [
      ...notificationColumns(rows),
      receipts.map((r) => r.u.receiver),
      receipts.map((r) => r.a.fingerprint),
      receipts.map((r) => r.a.startsAt),
      receipts.map((r) => r.stored),
      receipts.map((r) => r.u.group.groupKey),
    ],
  };
}

function followUpQueries(batches: readonly IntakeBatch[]): Query[] {
  const queries: Query[] = [];
  const resolved = batches.flatMap((b) =>
    b.resolvedReceipts.flatMap((u) => u.group.alerts.map((a) => ({ receiver: u.receiver, a }))),
  );
  if (resolved.length > 0)
    queries.push({
      name: 'notifier_intake_resolve_receipts',
      text: RESOLVE_RECEIPTS,
      values: [
        resolved.map((r) => r.receiver),
        resolved.map((r) => r.a.fingerprint),
        resolved.map((r) => r.a.startsAt),
      ],
    });
  const starts = batches.flatMap((b) => b.escalationStarts);
  if (starts.length > 0)
    queries.push({
      name: 'notifier_intake_start_escalations',
      text: START_ESCALATIONS,
      values: [
        starts.map((e) => e.policy),
        starts.map((e) => e.fingerprint),
        starts.map((e) => e.startsAt),
        starts.map((e) => JSON.stringify(e.alert)),
        starts.map((e) => e.firstDueMs),
      ],
    });
  const ends = batches.flatMap((b) => b.escalationResolves);
  if (ends.length > 0)
    queries.push({
      name: 'notifier_intake_resolve_escalations',
      text: RESOLVE_ESCALATIONS,
      values: [ends.map((e) => e.fingerprint), ends.map((e) => e.startsAt)],
    });
  return queries;
}

/** Gives each batch the rows it queued first; a key repeated later in the group counts as a duplicate there. */
function attribute(
  batches: readonly IntakeBatch[],
  inserted: Array<{ dedupe_key: string; channel_key: string }>,
): NewNotification[][] {
  const fresh = new Set(inserted.map((r) => `${r.dedupe_key}\n${r.channel_key}`));
  return batches.map((b) =>
    b.notifications.filter((n) => {
      const k = keyOf(n);
      if (!fresh.has(k)) return false;
      fresh.delete(k);
      return true;
    }),
  );
}

/**
 * Writes the outbox rows, receipts and escalations of many intake batches in one transaction: all or
 * nothing. The common case (firing only, no escalation policy) is a single statement, one round trip.
 */
export class PostgresIntakeStore implements IntakeStore {
  constructor(private readonly pool: Pool) {}

  async acceptAll(batches: readonly IntakeBatch[]): Promise<NewNotification[][]> {
    const insert = insertQuery(distinctNotifications(batches), batches);
    const followUps = followUpQueries(batches);
    if (followUps.length === 0) {
      try {
        const { rows } = await this.pool.query<{ dedupe_key: string; channel_key: string }>(insert);
        return attribute(batches, rows);
      } catch (err) {
        throw dbError(err);
      }
    }
    return inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{ dedupe_key: string; channel_key: string }>(insert);
      for (const q of followUps) await c.query(q);
      return attribute(batches, rows);
    });
  }
}
