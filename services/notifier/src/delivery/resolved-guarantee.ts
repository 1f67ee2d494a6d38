import type { OpenReceipt, ReceiptRepository } from '../adapters/receipt.repository';
import type { AlertGroup } from '../domain/alert-group';
import type { Receivers } from '../domain/receivers';
import type { NotifierMetrics } from '../metrics';
import type { Clock } from '../ports';
import { notificationsFor } from './intake';

export interface ResolvedGuaranteeDeps {
  receipts: Pick<ReceiptRepository, 'open' | 'setMissing' | 'resolve'>;
  activeFingerprints: () => Promise<Set<string>>;
  receivers: Receivers;
  clock: Clock;
  /** How long an alert must be gone before the notifier sends the resolved notice Alertmanager did not. */
  graceMs: number;
  metrics: NotifierMetrics;
  wake: (channelKeys: string[]) => void;
}

/**
 * The resolved notice the notifier sends itself. It carries the alert's own end when the notifier
 * learned it; otherwise the time the alert was first found gone from Alertmanager, said to be inferred.
 */
export function resolvedGroup(r: OpenReceipt, nowMs: number): AlertGroup {
  const missingSince = new Date(r.missingSinceMs ?? nowMs).toISOString();
  const endsAt = r.endsAt ?? missingSince;
  return {
    receiver: r.receiver,
    status: 'resolved',
    groupKey: r.groupKey,
    truncatedAlerts: 0,
    groupLabels: r.groupLabels,
    commonLabels: r.alert.labels,
    commonAnnotations: r.alert.annotations,
    externalURL: r.externalURL,
    alerts: [{ ...r.alert, status: 'resolved', endsAt }],
    ...(r.endsAt ? {} : { notice: { kind: 'inferred-end', missingSince } }),
  };
}

/**
 * A receiver told that an alert fires must hear that it resolved. Alertmanager stays silent when the
 * alert resolves while silenced or inhibited; so once an alert has been absent from Alertmanager's
 * active list (silenced ones included) for `graceMs`, the notifier queues the resolved notice itself.
 */
export function createResolvedGuarantee(deps: ResolvedGuaranteeDeps): () => Promise<void> {
  return async () => {
    const active = await deps.activeFingerprints();
    const open = await deps.receipts.open(1000);
    const now = deps.clock.now();
    const back = open
      .filter((r) => active.has(r.fingerprint) && r.missingSinceMs !== null)
      .map((r) => r.fingerprint);
    const gone = open.filter((r) => !active.has(r.fingerprint));
    await deps.receipts.setMissing(back, false);
    await deps.receipts.setMissing(
      gone.filter((r) => r.missingSinceMs === null).map((r) => r.fingerprint),
      true,
    );
    for (const r of gone) {
      if (r.missingSinceMs === null || now - r.missingSinceMs < deps.graceMs) continue;
      const group = resolvedGroup(r, now);
      const dedupe = `rg:${r.receiver}:${r.fingerprint}:${r.startsAt}`;
      const queued = await deps.receipts.resolve(
        r,
        notificationsFor(deps.receivers.byName.get(r.receiver) ?? [], group, dedupe, 'resolved-guarantee'),
      );
      deps.metrics.resolvedGuarantee.inc();
      if (queued.length > 0) deps.wake(queued.map((n) => n.channelKey));
    }
  };
}
