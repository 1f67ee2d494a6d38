import type { Pool, PoolClient } from 'pg';
import type { IntakeBatch, IntakeStore, NewNotification, ReceiptUpdate } from '../ports';
import { inTransaction } from './postgres';

const INSERT_NOTIFICATIONS = `
INSERT INTO notifications (dedupe_key, receiver, channel_key, channel_type, status, origin, group_key, payload)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[])
ON CONFLICT (dedupe_key, channel_key) DO NOTHING
RETURNING channel_key`;

const UPSERT_RECEIPT = `
INSERT INTO alert_receipts (receiver, fingerprint, starts_at, alert, group_key)
SELECT $1, f, s, a, $5 FROM unnest($2::text[], $3::timestamptz[], $4::jsonb[]) AS t(f, s, a)
ON CONFLICT (receiver, fingerprint, starts_at) DO UPDATE SET alert = EXCLUDED.alert, missing_since = NULL, updated_at = now()`;

export async function insertNotifications(c: PoolClient | Pool, rows: NewNotification[]): Promise<NewNotification[]> {
  if (rows.length === 0) return [];
  const { rows: inserted } = await c.query<{ channel_key: string }>(INSERT_NOTIFICATIONS, [
    rows.map((n) => n.dedupeKey),
    rows.map((n) => n.receiver),
    rows.map((n) => n.channelKey),
    rows.map((n) => n.channelType),
    rows.map((n) => n.status),
    rows.map((n) => n.origin),
    rows.map((n) => n.group.groupKey),
    rows.map((n) => JSON.stringify(n.group)),
  ]);
  const keys = new Set(inserted.map((r) => r.channel_key));
  return rows.filter((n) => keys.has(n.channelKey));
}

async function upsertReceipts(c: PoolClient, updates: ReceiptUpdate[]): Promise<void> {
  for (const u of updates) {
    const alerts = u.group.alerts;
    const stored = alerts.map((a) => JSON.stringify({ alert: a, externalURL: u.group.externalURL, groupLabels: u.group.groupLabels }));
    await c.query(UPSERT_RECEIPT, [u.receiver, alerts.map((a) => a.fingerprint), alerts.map((a) => a.startsAt), stored, u.group.groupKey]);
  }
}

async function resolveReceipts(c: PoolClient, updates: ReceiptUpdate[]): Promise<void> {
  for (const u of updates)
    await c.query('UPDATE alert_receipts SET resolved = true, updated_at = now() WHERE receiver = $1 AND fingerprint = ANY($2) AND NOT resolved', [
      u.receiver,
      u.group.alerts.map((a) => a.fingerprint),
    ]);
}

async function escalations(c: PoolClient, batch: IntakeBatch): Promise<void> {
  for (const e of batch.escalationStarts)
    await c.query(
      `INSERT INTO escalations (policy, fingerprint, starts_at, alert, next_due_at) VALUES ($1, $2, $3, $4, to_timestamp($5 / 1000.0))
       ON CONFLICT (policy, fingerprint, starts_at) DO NOTHING`,
      [e.policy, e.fingerprint, e.startsAt, JSON.stringify(e.alert), e.firstDueMs],
    );
  if (batch.escalationResolves.length > 0)
    await c.query(`UPDATE escalations SET state = 'resolved' WHERE state = 'open' AND fingerprint = ANY($1)`, [batch.escalationResolves]);
}

/** Writes a notification's outbox rows, receipts and escalations in one transaction: all or nothing. */
export class PostgresIntakeStore implements IntakeStore {
  constructor(private readonly pool: Pool) {}

  accept(batch: IntakeBatch): Promise<{ inserted: NewNotification[] }> {
    return inTransaction(this.pool, async (c) => {
      const inserted = await insertNotifications(c, batch.notifications);
      await upsertReceipts(c, batch.firingReceipts);
      await resolveReceipts(c, batch.resolvedReceipts);
      await escalations(c, batch);
      return { inserted };
    });
  }
}
