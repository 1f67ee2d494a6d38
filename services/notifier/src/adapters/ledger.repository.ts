import type { Pool } from 'pg';
import { dbError } from './postgres';

export interface NotificationFilter {
  receiver?: string;
  channel?: string;
  state?: string;
  status?: string;
  origin?: string;
  /** Notifications carrying an alert of this name. */
  alertname?: string;
  beforeId?: number;
  limit: number;
}

const LIST_COLUMNS = `id, dedupe_key, receiver, channel_key, channel_type, status, origin, group_key, alertnames,
  repeat_seq, state, attempts, next_attempt_at, last_error, folded, summary_id, created_at, delivered_at`;

function where(f: NotificationFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown): void => {
    params.push(v);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (f.receiver) add('receiver = ?', f.receiver);
  if (f.channel) add('(channel_type = ? OR channel_key = $' + (params.length + 1) + ')', f.channel);
  if (f.state) add('state = ?', f.state);
  if (f.status) add('status = ?', f.status);
  if (f.origin) add('origin = ?', f.origin);
  if (f.alertname) add('alertnames @> ARRAY[?::text]', f.alertname);
  if (f.beforeId) add('id < ?', f.beforeId);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Read side of the ledger plus the one write an operator may make: retrying a dead letter. */
export class LedgerRepository {
  constructor(private readonly pool: Pool) {}

  async list(f: NotificationFilter): Promise<Array<Record<string, unknown>>> {
    const w = where(f);
    try {
      const { rows } = await this.pool.query(
        `SELECT ${LIST_COLUMNS} FROM notifications ${w.sql} ORDER BY id DESC LIMIT ${Math.floor(f.limit)}`,
        w.params,
      );
      return rows;
    } catch (err) {
      throw dbError(err);
    }
  }

  async get(id: number): Promise<Record<string, unknown> | undefined> {
    try {
      const { rows } = await this.pool.query(
        `SELECT ${LIST_COLUMNS}, payload FROM notifications WHERE id = $1`,
        [id],
      );
      if (!rows[0]) return undefined;
      const attempts = await this.pool.query(
        `SELECT attempt, outcome, reason, provider_status, provider_response, latency_ms, folded_count, summary_id, attempted_at
         FROM delivery_attempts WHERE notification_id = $1 ORDER BY id`,
        [id],
      );
      return { ...rows[0], attempts: attempts.rows };
    } catch (err) {
      throw dbError(err);
    }
  }

  /** Puts a dead letter back in the outbox with fresh attempts and age; returns its channel key, or undefined. */
  async retryDeadLetter(id: number): Promise<string | undefined> {
    try {
      const { rows } = await this.pool.query<{ channel_key: string }>(
        `UPDATE notifications SET state = 'pending', attempts = 0, queued_at = now(), next_attempt_at = now(), lease_until = NULL
         WHERE id = $1 AND state = 'dead' RETURNING channel_key`,
        [id],
      );
      return rows[0]?.channel_key;
    } catch (err) {
      throw dbError(err);
    }
  }
}
