import type { EscalationRepository } from '../adapters/escalation.repository';
import type { AlertGroup } from '../domain/alert-group';
import { advanceEscalation, escalationDedupeKey } from '../domain/escalation';
import type { Receivers } from '../domain/receivers';
import type { NotifierMetrics } from '../metrics';
import { notificationsFor } from './intake';

export interface EscalationRunnerDeps {
  repo: Pick<EscalationRepository, 'advanceDue'>;
  receivers: Receivers;
  metrics: NotifierMetrics;
  wake: (channelKeys: string[]) => void;
}

/** One pass: every due, unacknowledged, unresolved escalation notifies its step's receivers. */
export function createEscalationRunner(deps: EscalationRunnerDeps): () => Promise<void> {
  return async () => {
    const queued = await deps.repo.advanceDue(100, (e) => {
      const adv = advanceEscalation(deps.receivers.escalations, e);
      if (adv.kind !== 'notify') return undefined;
      deps.metrics.escalations.inc({ policy: e.policy });
      const notifications = adv.receivers.flatMap((receiver) => {
        const group: AlertGroup = {
          receiver,
          status: 'firing',
          groupKey: `escalation:${e.policy}:${e.fingerprint}`,
          truncatedAlerts: 0,
          groupLabels: { alertname: e.alert.labels.alertname ?? '' },
          commonLabels: { ...e.alert.labels, escalation: `${e.policy}#${e.step + 1}` },
          commonAnnotations: e.alert.annotations,
          externalURL: '',
          alerts: [e.alert],
          notice: {
            kind: 'escalation',
            policy: e.policy,
            step: adv.step,
            steps: adv.steps,
            afterMs: adv.afterMs,
          },
        };
        return notificationsFor(
          deps.receivers.byName.get(receiver) ?? [],
          group,
          escalationDedupeKey(e.id, e.step),
          'escalation',
        );
      });
      return { notifications, nextStep: adv.nextStep, nextDueMs: adv.nextDueMs };
    });
    if (queued.length > 0) deps.wake(queued.map((n) => n.channelKey));
  };
}
