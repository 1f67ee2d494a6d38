import type { Pool, PoolClient } from 'pg';
import type { AlertGroup } from '../domain/alert-group';
import { identityOf } from '../domain/dedupe';
import type { IntakeBatch, IntakeStore, NewNotification } from '../ports';
import { dbError, inTransaction } from './postgres';

const NOTIFICATION_COLUMNS = `dedupe_key, receiver, channel_key, channel_type, status, origin, group_key, payload, repeat_seq, alertnames`;
const NOTIFICATION_PARAMS = `$1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::jsonb[]`;

const INSERT_NOTIFICATIONS = `
INSERT INTO notifications (${NOTIFICATION_COLUMNS})
SELECT k, r, c, t, s, o, g, p, 0, ARRAY(SELECT jsonb_array_elements_text(names))
FROM unnest(${NOTIFICATION_PARAMS}) AS n(k, r, c, t, s, o, g, p, names)
ON CONFLICT (dedupe_key, channel_key) DO NOTHING
RETURNING dedupe_key, channel_key, repeat_seq`;

/**
 * Reminders. A firing notification identical to one accepted less than $17 ms before (by the time it
 * arrived, $16) is a retry or an HA peer's copy: its identity row is left alone and nothing is queued.
 * Later, it is Alertmanager's repeat: the row's sequence goes up and the notification is queued again
 * under `<identity>:r<seq>`. The upsert locks the identity row, so a copy committed concurrently (by
 * another instance) waits, then sees the new accepted_at and counts as a duplicate; both copies of one
 * reminder also share its key, which the outbox's unique key collapses anyway. Resolved notifications
 * are never repeated by Alertmanager and keep plain dedupe.
 */
const IDENTITIES = `
INSERT INTO notification_identities AS t (identity, seq, accepted_at)
SELECT i, 0, to_timestamp(ms / 1000.0) FROM unnest($15::text[], $16::float8[]) AS u(i, ms)
ON CONFLICT (identity) DO UPDATE SET seq = t.seq + 1, accepted_at = EXCLUDED.accepted_at
WHERE t.accepted_at <= EXCLUDED.accepted_at - make_interval(secs => $17::float8 / 1000)
RETURNING identity, seq`;

const INTAKE_NOTIFICATIONS = `
INSERT INTO notifications (${NOTIFICATION_COLUMNS})
SELECT CASE WHEN coalesce(ident.seq, 0) = 0 THEN n.k ELSE n.k || ':r' || ident.seq END,
  n.r, n.c, n.t, n.s, n.o, n.g,
  CASE WHEN coalesce(ident.seq, 0) = 0 THEN n.p
    ELSE n.p || jsonb_build_object('notice', jsonb_build_object('kind', 'reminder', 'seq', ident.seq)) END,
  coalesce(ident.seq, 0), ARRAY(SELECT jsonb_array_elements_text(n.names))
FROM unnest(${NOTIFICATION_PARAMS}) WITH ORDINALITY AS n(k, r, c, t, s, o, g, p, names, ord)
LEFT JOIN ident ON ident.identity = n.k
WHERE n.s <> 'firing' OR ident.identity IS NOT NULL
ORDER BY n.ord
ON CONFLICT (dedupe_key, channel_key) DO NOTHING
RETURNING dedupe_key, channel_key, repeat_seq`;

/**
 * Identities, outbox rows and firing receipts of a whole group in one statement (so one round trip,
 * and atomic on its own). Receipts repeated within the group collapse to the last one, as if written
 * one after another.
 */
const INSERT_WITH_RECEIPTS = `
WITH ident AS (${IDENTITIES}),
ins AS (${INTAKE_NOTIFICATIONS}),
rec AS (
  INSERT INTO alert_receipts (receiver, fingerprint, starts_at, alert, group_key)
  SELECT DISTINCT ON (r, f, s::timestamptz) r, f, s::timestamptz, a, g
  FROM unnest($10::text[], $11::text[], $12::text[], $13::jsonb[], $14::text[]) WITH ORDINALITY AS t(r, f, s, a, g, ord)
  ORDER BY r, f, s::timestamptz, ord DESC
  ON CONFLICT (receiver, fingerprint, starts_at) DO UPDATE SET alert = EXCLUDED.alert, missing_since = NULL, updated_at = now()
)
SELECT dedupe_key, channel_key, repeat_seq FROM ins`;

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
interface InsertedRow {
  dedupe_key: string;
  channel_key: string;
  repeat_seq: number;
}
const keyOf = (n: NewNotification): string => `${n.dedupeKey}\n${n.channelKey}`;

/** The alert names a notification carries, for the ledger's alertname filter. */
export function alertnamesOf(group: AlertGroup): string[] {
  const names = new Set<string>();
  for (const a of group.alerts) if (a.labels.alertname !== undefined) names.add(a.labels.alertname);
  return [...names].sort();
}

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
    rows.map((n) => JSON.stringify(alertnamesOf(n.group))),
  ];
}

/** Inserts outbox rows (distinct keys); returns those that were new. */
export async function insertNotifications(
  c: PoolClient | Pool,
  rows: NewNotification[],
): Promise<NewNotification[]> {
  if (rows.length === 0) return [];
  const { rows: inserted } = await c.query<InsertedRow>(INSERT_NOTIFICATIONS, notificationColumns(rows));
  const keys = new Set(inserted.map((r) => `${r.dedupe_key}\n${r.channel_key}`));
  return rows.filter((n) => keys.has(keyOf(n)));
}

/** Firing identities of the group, first arrival of each, sorted so concurrent groups lock rows in one order. */
function identities(batches: readonly IntakeBatch[]): Array<{ identity: string; atMs: number }> {
  const seen = new Map<string, number>();
  for (const b of batches)
    for (const n of b.notifications)
      if (n.status === 'firing' && !seen.has(n.dedupeKey)) seen.set(n.dedupeKey, b.receivedAtMs);
  return [...seen.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([identity, atMs]) => ({ identity, atMs }));
}

/** First occurrence of each key wins, as if the batches were committed one after another; sorted so that concurrent groups lock keys in one order. */
function distinctNotifications(batches: readonly IntakeBatch[]): NewNotification[] {
  const seen = new Map<string, NewNotification>();
  for (const b of batches) for (const n of b.notifications) if (!seen.has(keyOf(n))) seen.set(keyOf(n), n);
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, n]) => n);
}

function insertQuery(
  rows: NewNotification[],
  batches: readonly IntakeBatch[],
  reminderMinIntervalMs: number,
): Query {
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
  const ids = identities(batches);
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
      ids.map((i) => i.identity),
      ids.map((i) => i.atMs),
      reminderMinIntervalMs,
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

/**
 * Gives each batch the rows it queued first; a key repeated later in the group counts as a duplicate
 * there. A reminder comes back under its suffixed key and is matched to the batch by its identity.
 */
function attribute(batches: readonly IntakeBatch[], inserted: InsertedRow[]): NewNotification[][] {
  const fresh = new Map(inserted.map((r) => [`${identityOf(r.dedupe_key)}\n${r.channel_key}`, r]));
  return batches.map((b) =>
    b.notifications.flatMap((n) => {
      const k = keyOf(n);
      const row = fresh.get(k);
      if (!row) return [];
      fresh.delete(k);
      return row.repeat_seq > 0 ? [{ ...n, dedupeKey: row.dedupe_key, repeatSeq: row.repeat_seq }] : [n];
    }),
  );
}

/** Production default of REMINDER_MIN_INTERVAL_MS (see the README's delivery guarantee). */
export const DEFAULT_REMINDER_MIN_INTERVAL_MS = 60_000;

/**
 * Writes the outbox rows, receipts and escalations of many intake batches in one transaction: all or
 * nothing. The common case (firing only, no escalation policy) is a single statement, one round trip.
 */
export class PostgresIntakeStore implements IntakeStore {
  constructor(
    private readonly pool: Pool,
    private readonly opts: { reminderMinIntervalMs: number } = {
      reminderMinIntervalMs: DEFAULT_REMINDER_MIN_INTERVAL_MS,
    },
  ) {}

  async acceptAll(batches: readonly IntakeBatch[]): Promise<NewNotification[][]> {
    const insert = insertQuery(distinctNotifications(batches), batches, this.opts.reminderMinIntervalMs);
    const followUps = followUpQueries(batches);
    if (followUps.length === 0) {
      try {
        const { rows } = await this.pool.query<InsertedRow>(insert);
        return attribute(batches, rows);
      } catch (err) {
        throw dbError(err);
      }
    }
    return inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<InsertedRow>(insert);
      for (const q of followUps) await c.query(q);
      return attribute(batches, rows);
    });
  }
}
