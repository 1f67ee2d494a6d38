import type { Pool } from 'pg';
import type { Alert } from '../domain/alert-group';
import type { NewNotification } from '../ports';
import { insertNotifications } from './intake.repository';
import { dbError, inTransaction } from './postgres';

export interface DueEscalation {
  id: number;
  policy: string;
  fingerprint: string;
  alert: Alert;
  step: number;
  createdAtMs: number;
}

export interface EscalationFilter {
  state?: 'open' | 'acked';
  fingerprint?: string;
  alertname?: string;
  limit: number;
}

export interface EscalationRow {
  id: number;
  policy: string;
  fingerprint: string;
  alertname: string | null;
  /** Steps notified so far. */
  step: number;
  state: 'open' | 'acked';
  next_due_at: Date | null;
  acked_by: string | null;
  acked_at: Date | null;
  starts_at: Date;
  created_at: Date;
}

export interface EscalationPlan {
  notifications: NewNotification[];
  nextStep: number;
  nextDueMs: number | null;
}

export class EscalationRepository {
  constructor(private readonly pool: Pool) {}

  /** Locks due escalations, applies `plan` to each, and writes notifications and new steps in one transaction. */
  advanceDue(
    limit: number,
    plan: (e: DueEscalation) => EscalationPlan | undefined,
  ): Promise<NewNotification[]> {
    return inTransaction(this.pool, async (c) => {
      const { rows } = await c.query<{
        id: string;
        policy: string;
        fingerprint: string;
        alert: Alert;
        step: number;
        created_at: Date;
      }>(
        `SELECT id, policy, fingerprint, alert, step, created_at FROM escalations
         WHERE state = 'open' AND next_due_at <= now() ORDER BY next_due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const queued: NewNotification[] = [];
      for (const r of rows) {
        const p = plan({
          id: Number(r.id),
          policy: r.policy,
          fingerprint: r.fingerprint,
          alert: r.alert,
          step: r.step,
          createdAtMs: r.created_at.getTime(),
        });
        if (!p) {
          await c.query(`UPDATE escalations SET state = 'done' WHERE id = $1`, [r.id]);
          continue;
        }
        queued.push(...(await insertNotifications(c, p.notifications)));
        await c.query(
          `UPDATE escalations SET step = $2, state = CASE WHEN $3::float8 IS NULL THEN 'done' ELSE 'open' END,
             next_due_at = coalesce(to_timestamp($3::float8 / 1000.0), next_due_at) WHERE id = $1`,
          [r.id, p.nextStep, p.nextDueMs],
        );
      }
      return queued;
    });
  }

  /** Acknowledges every open escalation of an alert; returns how many stopped. */
  async ack(fingerprint: string, by: string): Promise<number> {
    try {
      const res = await this.pool.query(
        `UPDATE escalations SET state = 'acked', acked_by = $2, acked_at = now() WHERE fingerprint = $1 AND state = 'open'`,
        [fingerprint, by],
      );
      return res.rowCount ?? 0;
    } catch (err) {
      throw dbError(err);
    }
  }

  /** Open and acknowledged escalations (or one state), newest first. */
  async list(f: EscalationFilter): Promise<EscalationRow[]> {
    const params: unknown[] = [f.state ? [f.state] : ['open', 'acked']];
    let where = 'state = ANY($1::text[])';
    if (f.fingerprint) where += ` AND fingerprint = $${params.push(f.fingerprint)}`;
    if (f.alertname) where += ` AND alert->'labels'->>'alertname' = $${params.push(f.alertname)}`;
    try {
      const { rows } = await this.pool.query<EscalationRow>(
        `SELECT id, policy, fingerprint, alert->'labels'->>'alertname' AS alertname, step, state,
           CASE WHEN state = 'open' THEN next_due_at END AS next_due_at, acked_by, acked_at, starts_at, created_at
         FROM escalations WHERE ${where} ORDER BY id DESC LIMIT ${Math.floor(f.limit)}`,
        params,
      );
      return rows.map((r) => ({ ...r, id: Number(r.id) }));
    } catch (err) {
      throw dbError(err);
    }
  }
}
