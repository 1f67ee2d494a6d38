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
}

/** Alertmanager writes this for a firing alert's endsAt. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

export function isZeroTime(ts: string): boolean {
  return ts === '' || ts.startsWith('0001-01-01');
}
