import { createHash } from 'node:crypto';
import type { AlertGroup } from './alert-group';

/**
 * The identity of a notification: Alertmanager repeats it on retries and from each HA peer, so two
 * payloads with the same groupKey, status and alerts (fingerprint + startsAt/endsAt) are one notification.
 */
export function dedupeKey(group: Pick<AlertGroup, 'groupKey' | 'status' | 'alerts'>): string {
  const alerts = group.alerts.map((a) => `${a.fingerprint}@${a.startsAt}/${a.endsAt}`).sort();
  const material = JSON.stringify([group.groupKey, group.status, alerts]);
  return `am:${createHash('sha256').update(material).digest('hex')}`;
}

/**
 * The dedupe key of the `seq`-th reminder of a notification. Every copy of that reminder (HA peers,
 * retries) gets the same key, so the outbox's unique key still collapses them.
 */
export function reminderDedupeKey(identity: string, seq: number): string {
  return seq > 0 ? `${identity}:r${seq}` : identity;
}

/** The notification identity (`dedupeKey`) a possibly reminder-suffixed key belongs to. */
export function identityOf(key: string): string {
  return key.replace(/:r\d+$/, '');
}

/** A stable marker sent with every attempt of one delivery, so a provider that dedupes can drop repeats. */
export function idempotencyKey(dedupe: string, channelKey: string): string {
  return createHash('sha256').update(`${dedupe}\n${channelKey}`).digest('hex').slice(0, 32);
}

/** The marker of a summary send that folds several notifications together. */
export function foldedIdempotencyKey(ids: readonly number[]): string {
  const material = [...ids].sort((a, b) => a - b).join(',');
  return `fold-${createHash('sha256').update(material).digest('hex').slice(0, 27)}`;
}
