import type { Pool } from 'pg';
import type { AlertHistoryRecord } from '../domain/alert-event';
import type { HistoryStore } from '../ports';
import { dbError } from './postgres';

export interface HistoryQuery {
  fromMs?: number;
  toMs?: number;
  alertname?: string;
  state?: string;
  labels: Record<string, string>;
  limit: number;
}

const INSERT = `
INSERT INTO alert_history (source_ref, fingerprint, alertname, state, labels, annotations, value, rule_group, active_at, fired_at, resolved_at, event_at)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[], $7::float8[], $8::text[],
  $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::timestamptz[])
ON CONFLICT (source_ref) DO NOTHING`;

export class PostgresHistoryStore implements HistoryStore {
  constructor(private readonly pool: Pool) {}

  async insert(records: AlertHistoryRecord[]): Promise<void> {
    if (records.length === 0) return;
    const col = <K extends keyof AlertHistoryRecord>(k: K) => records.map((r) => r[k]);
    try {
      await this.pool.query(INSERT, [
        col('sourceRef'),
        col('fingerprint'),
        col('alertname'),
        col('state'),
        records.map((r) => JSON.stringify(r.labels)),
        records.map((r) => JSON.stringify(r.annotations)),
        col('value'),
        col('ruleGroup'),
        col('activeAt'),
        col('firedAt'),
        col('resolvedAt'),
        col('eventAt'),
      ]);
    } catch (err) {
      throw dbError(err);
    }
  }

  async query(q: HistoryQuery): Promise<Array<Record<string, unknown>>> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown): void => {
      params.push(v);
      clauses.push(sql.replace('?', `$${params.length}`));
    };
    if (q.fromMs !== undefined) add('event_at >= to_timestamp(? / 1000.0)', q.fromMs);
    if (q.toMs !== undefined) add('event_at <= to_timestamp(? / 1000.0)', q.toMs);
    if (q.alertname) add('alertname = ?', q.alertname);
    if (q.state) add('state = ?', q.state);
    if (Object.keys(q.labels).length > 0) add('labels @> ?::jsonb', JSON.stringify(q.labels));
    const w = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    try {
      const { rows } = await this.pool.query(
        `SELECT fingerprint, alertname, state, labels, annotations, value, rule_group, active_at, fired_at, resolved_at, event_at
         FROM alert_history ${w} ORDER BY event_at DESC, id DESC LIMIT ${Math.floor(q.limit)}`,
        params,
      );
      return rows;
    } catch (err) {
      throw dbError(err);
    }
  }
}
