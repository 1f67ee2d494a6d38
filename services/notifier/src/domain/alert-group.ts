export type AlertStatus = 'firing' | 'resolved';

export interface Alert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/**
 * Why a notification goes out again, or what the notifier added to it; the templates put it first.
 * `reminder`: Alertmanager repeated a notification still firing (its repeat_interval). `escalation`:
 * a step of an escalation policy. `inferred-end`: a resolved notice the notifier sent itself without
 * knowing when the alert ended (it was gone from Alertmanager at `missingSince`).
 */
export type GroupNotice =
  | { kind: 'reminder'; seq: number }
  | { kind: 'escalation'; policy: string; step: number; steps: number; afterMs: number }
  | { kind: 'inferred-end'; missingSince: string };

/** An Alertmanager webhook notification (payload version 4), or one the notifier builds itself. */
export interface AlertGroup {
  receiver: string;
  status: AlertStatus;
  groupKey: string;
  truncatedAlerts: number;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: Alert[];
  notice?: GroupNotice;
}

/** Alertmanager writes this for a firing alert's endsAt. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function isZeroTime(ts: string): boolean {
  return ts === '' || ts.startsWith('0001-01-01');
}
