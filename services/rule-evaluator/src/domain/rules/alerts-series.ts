import type { Labels } from '@streamwatch/metrics-core';
import type { Alert } from './types';

export const ALERTS_METRIC = 'ALERTS';
export const ALERTS_FOR_STATE_METRIC = 'ALERTS_FOR_STATE';

/** One output series of an alert at one evaluation: metric name, labels without `__name__`, value. */
export interface AlertSeriesValue {
  name: string;
  labels: Labels;
  value: number;
}

/**
 * `ALERTS{<alert labels>, alertstate="pending"|"firing"} 1`, as Prometheus' AlertingRule.sample writes it. The
 * alert's labels already hold `alertname` and the rule's labels; external labels are not added (Prometheus adds
 * them only when alerts or series leave it).
 */
export function alertsSeries(alert: Alert): AlertSeriesValue {
  return { name: ALERTS_METRIC, labels: { ...alert.labels, alertstate: alert.state }, value: 1 };
}

/**
 * `ALERTS_FOR_STATE{<alert labels>} <activeAt in whole seconds>`, as Prometheus' forStateSample: no
 * `alertstate`, so the series carries on when the alert goes from pending to firing.
 */
export function forStateSeries(alert: Alert): AlertSeriesValue {
  return { name: ALERTS_FOR_STATE_METRIC, labels: alert.labels, value: activeAtSeconds(alert) };
}

/** The `ALERTS_FOR_STATE` value: when the alert became active, in whole Unix seconds (Go's `Time.Unix()`). */
export function activeAtSeconds(alert: Alert): number {
  return Math.floor(alert.activeAt / 1000);
}

/**
 * The series an alerting rule writes at one evaluation, for its pending and firing alerts: `ALERTS` and,
 * unless `forState` is false, `ALERTS_FOR_STATE`, in Prometheus' order (both of one alert, then the next).
 */
export function alertSeriesOf(alerts: readonly Alert[], opts: { forState: boolean }): AlertSeriesValue[] {
  const out: AlertSeriesValue[] = [];
  for (const a of alerts) {
    if (a.state === 'inactive') continue;
    out.push(alertsSeries(a));
    if (opts.forState) out.push(forStateSeries(a));
  }
  return out;
}
