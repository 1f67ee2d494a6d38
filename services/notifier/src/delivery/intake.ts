import { ValidationError } from '@streamwatch/metrics-core';
import type { AlertGroup } from '../domain/alert-group';
import { dedupeKey } from '../domain/dedupe';
import { firstDueMs, policiesFor } from '../domain/escalation';
import type { Receivers, ResolvedChannel } from '../domain/receivers';
import type { NotifierMetrics } from '../metrics';
import type { Clock, IntakeBatch, IntakeStore, NewNotification } from '../ports';
import { GroupCommit, type GroupCommitOptions } from './group-commit';

export interface IntakeDeps {
  receivers: Receivers;
  store: IntakeStore;
  clock: Clock;
  metrics: NotifierMetrics;
  /** Tells this instance's workers that their channels have new work. */
  wake: (channelKeys: string[]) => void;
  /** Concurrent webhooks share one transaction; each is answered only after that transaction commits. */
  groupCommit?: GroupCommitOptions;
}

export interface IntakeResult {
  queued: number;
  duplicates: number;
  /** Of `queued`, how many were reminders (Alertmanager's repeat of a notification still firing). */
  reminders: number;
}

export function notificationsFor(
  channels: ResolvedChannel[],
  group: AlertGroup,
  dedupe: string,
  origin: NewNotification['origin'],
): NewNotification[] {
  return channels.map((c) => ({
    dedupeKey: dedupe,
    receiver: c.receiver,
    channelKey: c.key,
    channelType: c.config.type,
    status: group.status,
    origin,
    group: { ...group, receiver: c.receiver },
  }));
}

/** Turns an Alertmanager notification into outbox rows (one per receiver channel) plus receipts and escalations. */
export function buildIntake(receivers: Receivers, group: AlertGroup, nowMs: number): IntakeBatch {
  const channels = receivers.byName.get(group.receiver);
  if (!channels)
    throw new ValidationError(`receiver: unknown receiver "${group.receiver}"`, {
      details: [{ field: 'receiver', message: 'not configured' }],
    });
  const firing = group.alerts.filter((a) => a.status === 'firing');
  const resolved = group.alerts.filter((a) => a.status === 'resolved');
  return {
    receivedAtMs: nowMs,
    notifications: notificationsFor(channels, group, dedupeKey(group), 'alertmanager'),
    firingReceipts:
      firing.length > 0 ? [{ receiver: group.receiver, group: { ...group, alerts: firing } }] : [],
    resolvedReceipts:
      resolved.length > 0 ? [{ receiver: group.receiver, group: { ...group, alerts: resolved } }] : [],
    escalationStarts: firing.flatMap((a) =>
      policiesFor(receivers.escalations, a).map((p) => ({
        policy: p.name,
        fingerprint: a.fingerprint,
        startsAt: a.startsAt,
        alert: a,
        firstDueMs: firstDueMs(p, nowMs),
      })),
    ),
    escalationResolves: resolved.map((a) => ({ fingerprint: a.fingerprint, startsAt: a.startsAt })),
  };
}

/** Production defaults (config INTAKE_GROUP_MAX, INTAKE_COMMITS_IN_FLIGHT). */
export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxGroup: 100, maxInFlight: 2 };

export function createIntake(deps: IntakeDeps): (group: AlertGroup) => Promise<IntakeResult> {
  const committer = new GroupCommit<IntakeBatch, NewNotification[]>(
    (batches) => deps.store.acceptAll(batches),
    deps.groupCommit ?? DEFAULT_GROUP_COMMIT,
  );
  return async (group) => {
    const batch = buildIntake(deps.receivers, group, deps.clock.now());
    const inserted = await committer.submit(batch);
    const duplicates = batch.notifications.length - inserted.length;
    if (duplicates > 0) deps.metrics.dedupeHits.inc(duplicates);
    for (const n of inserted)
      deps.metrics.notifications.inc({ receiver: n.receiver, channel: n.channelType, status: 'queued' });
    const reminders = inserted.filter((n) => (n.repeatSeq ?? 0) > 0).length;
    if (reminders > 0) deps.metrics.reminders.inc(reminders);
    if (inserted.length > 0) deps.wake(inserted.map((n) => n.channelKey));
    return { queued: inserted.length, duplicates, reminders };
  };
}
