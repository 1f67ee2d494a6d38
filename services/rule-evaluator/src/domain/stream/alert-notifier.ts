import type { Labels } from '@streamwatch/metrics-core';
import { labelsKey } from '../promql/labels';
import { withExternalLabels } from '../rules/external-labels';
import type { Alert } from '../rules/types';
import type { PostableAlert } from '../../ports';

export interface NotifierOptions {
  /** Re-send active alerts at least this often (Prometheus: 1m). */
  resendDelayMs: number;
  /** Keep re-sending a resolved alert this long (Prometheus: 15m). */
  resolvedRetentionMs: number;
  generatorURL: (ruleId: string) => string;
  /**
   * Added to every posted alert where the alert has no such label (Prometheus' `global.external_labels`).
   * Alerts are still tracked by the fingerprint of their own labels, so changing these loses no state.
   */
  externalLabels?: Labels;
}

interface Tracked {
  ruleId: string;
  alert: Alert;
  resolved: boolean;
  lastSentAt: number;
  sentResolved: boolean;
}

/** What an alert is tracked by: the key of its whole label set, which no two different alerts share. */
export function alertFingerprint(labels: Labels): string {
  return labelsKey(labels);
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Decides which alerts to post to Alertmanager and when, as Prometheus' notifier does: firing alerts when
 * they start firing and then every resend delay (endsAt a few resend delays ahead, so Alertmanager resolves
 * them if we vanish), resolved alerts at once with endsAt and again each resend delay for a while.
 * Pending alerts are never sent. Times are wall-clock ms.
 */
export class AlertNotifier {
  private readonly tracked = new Map<string, Tracked>();
  /** The fingerprint each posted alert was tracked under (its labels carry the external labels too). */
  private readonly postedFrom = new WeakMap<PostableAlert, string>();

  constructor(private readonly opts: NotifierOptions) {}

  /** Records the rule's active alerts after an evaluation; alerts that vanished are treated as resolved. */
  update(ruleId: string, active: Alert[], resolved: Alert[]): void {
    const seen = new Set<string>();
    for (const alert of active) {
      if (alert.state !== 'firing') continue;
      const fp = alertFingerprint(alert.labels);
      seen.add(fp);
      const prev = this.tracked.get(fp);
      const startsChanged =
        !prev ||
        prev.resolved ||
        (prev.alert.firedAt ?? prev.alert.activeAt) !== (alert.firedAt ?? alert.activeAt);
      this.tracked.set(fp, {
        ruleId,
        alert,
        resolved: false,
        lastSentAt: startsChanged ? -Infinity : prev.lastSentAt,
        sentResolved: false,
      });
    }
    for (const alert of resolved) {
      const fp = alertFingerprint(alert.labels);
      const prev = this.tracked.get(fp);
      if (!prev || seen.has(fp)) continue;
      this.tracked.set(fp, {
        ...prev,
        alert: { ...prev.alert, ...alert },
        resolved: true,
        lastSentAt: -Infinity,
        sentResolved: false,
      });
    }
  }

  /** Forgets every alert of a rule that was removed, sending them resolved first. */
  dropRule(ruleId: string, nowMs: number): void {
    for (const t of this.tracked.values())
      if (t.ruleId === ruleId && !t.resolved)
        Object.assign(t, { resolved: true, lastSentAt: -Infinity, alert: { ...t.alert, resolvedAt: nowMs } });
  }

  /** Alerts due now; marks them sent. */
  due(nowMs: number): PostableAlert[] {
    const out: PostableAlert[] = [];
    for (const [fp, t] of this.tracked) {
      if (
        t.resolved &&
        nowMs - (t.alert.resolvedAt ?? nowMs) > this.opts.resolvedRetentionMs &&
        t.sentResolved
      ) {
        this.tracked.delete(fp);
        continue;
      }
      if (nowMs - t.lastSentAt < this.opts.resendDelayMs) continue;
      t.lastSentAt = nowMs;
      if (t.resolved) t.sentResolved = true;
      const posted = this.postable(t, nowMs);
      this.postedFrom.set(posted, fp);
      out.push(posted);
    }
    return out;
  }

  /** Makes the given alerts (as returned by `due`) due again, after a failed post. */
  retry(alerts: PostableAlert[]): void {
    for (const a of alerts) {
      const t = this.tracked.get(this.postedFrom.get(a) ?? alertFingerprint(a.labels));
      if (t) t.lastSentAt = -Infinity;
    }
  }

  get size(): number {
    return this.tracked.size;
  }

  private postable(t: Tracked, nowMs: number): PostableAlert {
    const a = t.alert;
    const endsAt = t.resolved ? (a.resolvedAt ?? nowMs) : nowMs + 4 * this.opts.resendDelayMs;
    return {
      labels: withExternalLabels(a.labels, this.opts.externalLabels),
      annotations: a.annotations,
      startsAt: iso(a.firedAt ?? a.activeAt),
      endsAt: iso(endsAt),
      generatorURL: this.opts.generatorURL(t.ruleId),
    };
  }
}
