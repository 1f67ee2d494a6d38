import type { Pool } from 'pg';
import type { Alert } from '../domain/alert-group';
import type { NewNotification } from '../ports';
import { insertNotifications } from './intake.repository';
import { dbError, inTransaction } from './postgres';

export interface OpenReceipt {
  receiver: string;
  fingerprint: string;
  startsAt: string;
  alert: Alert;
  externalURL: string;
  groupLabels: Record<string, string>;
  groupKey: string;
  missingSinceMs: number | null;
  /** The alert's own end, when the notifier learned it (the rule-evaluator's resolvedAt); else null. */
  endsAt: string | null;
}

interface Row {
  receiver: string;
  fingerprint: string;
  starts_at: Date;
  alert: { alert: Alert; externalURL: string; groupLabels: Record<string, string> };
  group_key: string;
  missing_since: Date | null;
  ends_at: Date | null;
}

/** Receipts of firing notices not yet followed by a resolved one, for the resolved guarantee. */
export class ReceiptRepository {
  constructor(private readonly pool: Pool) {}

  async open(limit: number): Promise<OpenReceipt[]> {
    try {
      const { rows } = await this.pool.query<Row>(
        `SELECT receiver, fingerprint, starts_at, alert, group_key, missing_since, ends_at FROM alert_receipts WHERE NOT resolved ORDER BY updated_at LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        receiver: r.receiver,
        fingerprint: r.fingerprint,
        startsAt: r.alert.alert.startsAt,
        alert: r.alert.alert,
        externalURL: r.alert.externalURL,
        groupLabels: r.alert.groupLabels,
        groupKey: r.group_key,
        missingSinceMs: r.missing_since ? r.missing_since.getTime() : null,
        endsAt: r.ends_at ? r.ends_at.toISOString() : null,
      }));
    } catch (err) {
      throw dbError(err);
    }
  }

  async setMissing(fingerprints: string[], missing: boolean): Promise<void> {
    if (fingerprints.length === 0) return;
    await this.pool.query(
      missing
        ? 'UPDATE alert_receipts SET missing_since = now() WHERE fingerprint = ANY($1) AND NOT resolved AND missing_since IS NULL'
        : 'UPDATE alert_receipts SET missing_since = NULL WHERE fingerprint = ANY($1) AND NOT resolved AND missing_since IS NOT NULL',
      [fingerprints],
    );
  }

  /**
   * The alert ended at `endsAt` (the rule-evaluator said so): its open receipts of episodes that began
   * by then keep that end for the resolved guarantee's notice, and count as missing from now on.
   */
  async setEnded(fingerprint: string, endsAt: Date): Promise<void> {
    try {
      await this.pool.query(
        `UPDATE alert_receipts SET ends_at = $2, missing_since = coalesce(missing_since, now())
         WHERE fingerprint = $1 AND NOT resolved AND starts_at <= $2`,
        [fingerprint, endsAt],
      );
    } catch (err) {
      throw dbError(err);
    }
  }

  /** Queues the synthetic resolved notice and closes the receipt together. */
  resolve(r: OpenReceipt, notifications: NewNotification[]): Promise<NewNotification[]> {
    return inTransaction(this.pool, async (c) => {
      const inserted = await insertNotifications(c, notifications);
      await c.query(
        'UPDATE alert_receipts SET resolved = true, updated_at = now() WHERE receiver = $1 AND fingerprint = $2 AND NOT resolved',
        [r.receiver, r.fingerprint],
      );
      return inserted;
    });
  }
}
