import { STALE_NAN, type Labels, type Sample } from '@streamwatch/metrics-core';
import { labelsKey } from '../promql/labels';
import {
  activeAtSeconds,
  ALERTS_FOR_STATE_METRIC,
  ALERTS_METRIC,
  alertsSeries,
  forStateSeries,
  type AlertSeriesValue,
} from '../rules/alerts-series';
import type { Alert, AlertState } from '../rules/types';

/** What was last written for one alert. */
interface Written {
  /** Labels of its `ALERTS` series (with `alertstate`), for the staleness marker when that series ends. */
  alerts: Labels;
  /** Labels of its `ALERTS_FOR_STATE` series. */
  forState: Labels;
  state: AlertState;
  /** The `ALERTS_FOR_STATE` value written (activeAt in seconds). */
  activeAtS: number;
  /** Timestamp of the last write, so the series' timestamps never go backwards. */
  at: number;
  /** The `observe` call that last saw the alert. */
  seen: number;
}

const sample = (s: AlertSeriesValue, timestampMs: number): Sample => ({
  name: s.name,
  labels: s.labels,
  value: s.value,
  timestampMs,
});

const stale = (name: string, labels: Labels, timestampMs: number): Sample => ({
  name,
  labels,
  value: STALE_NAN,
  timestampMs,
  stale: true,
});

/** The time to write an alert's series at: `t`, or just after its last write if `t` is not later. */
const stampOf = (w: Written, t: number): number => (t > w.at ? t : w.at + 1);

/** Writes both series of `alert` at `at`. */
function write(alert: Alert, at: number, seen: number, out: Sample[]): Written {
  const a = alertsSeries(alert);
  const f = forStateSeries(alert);
  out.push(sample(a, at), sample(f, at));
  return { alerts: a.labels, forState: f.labels, state: alert.state, activeAtS: f.value, at, seen };
}

/** Staleness markers for both series of an alert that is no longer pending or firing. */
function end(w: Written, t: number, out: Sample[]): void {
  const at = stampOf(w, t);
  out.push(stale(ALERTS_METRIC, w.alerts, at), stale(ALERTS_FOR_STATE_METRIC, w.forState, at));
}

/**
 * Turns a stream of alerting-rule evaluations into Prometheus' `ALERTS` and `ALERTS_FOR_STATE` series (see
 * alerts-series.ts). A rule is evaluated on the stream far more often than once per group interval, so an
 * alert's series are written when they appear or change and otherwise at most once per `intervalMs`, which
 * keeps them present for Prometheus' 5m lookback. When an alert leaves a state, the series it no longer has
 * get a staleness marker: on pending → firing the pending `ALERTS` series, when it is no longer pending or
 * firing both. State: one small record per pending or firing alert, per rule; nothing once it resolved.
 */
export class AlertSeriesWriter {
  private readonly rules = new Map<string, Map<string, Written>>();
  /** Alert label sets are never changed once built, so each one's key is computed once. */
  private readonly keys = new WeakMap<Labels, string>();
  private observed = 0;

  /**
   * The samples to write after an evaluation of rule `ruleId` at `tMs`. `active` must be all of the rule's
   * pending and firing alerts after it (`AlertingEvaluation.active`, partial evaluations included): an alert
   * written before and missing now has resolved (or was dropped), and its series go stale.
   */
  observe(ruleId: string, intervalMs: number, tMs: number, active: readonly Alert[]): Sample[] {
    const out: Sample[] = [];
    const seen = ++this.observed;
    let written = this.rules.get(ruleId);
    for (const alert of active) {
      if (alert.state === 'inactive') continue;
      const key = this.keyOf(alert.labels);
      const prev = written?.get(key);
      let at = tMs;
      if (prev !== undefined) {
        prev.seen = seen;
        const moved = prev.state !== alert.state;
        if (!moved && prev.activeAtS === activeAtSeconds(alert) && tMs - prev.at < intervalMs) continue;
        at = stampOf(prev, tMs);
        if (moved) out.push(stale(ALERTS_METRIC, prev.alerts, at));
      }
      if (written === undefined) this.rules.set(ruleId, (written = new Map()));
      written.set(key, write(alert, at, seen, out));
    }
    if (written !== undefined) {
      for (const [key, w] of written) {
        if (w.seen === seen) continue;
        end(w, tMs, out);
        written.delete(key);
      }
      if (written.size === 0) this.rules.delete(ruleId);
    }
    return out;
  }

  /** Staleness markers for every series of a rule that was removed, and forgets the rule. */
  forget(ruleId: string, tMs: number): Sample[] {
    const out: Sample[] = [];
    for (const w of this.rules.get(ruleId)?.values() ?? []) end(w, tMs, out);
    this.rules.delete(ruleId);
    return out;
  }

  /** Alerts whose series are being written, over all rules. */
  get size(): number {
    let n = 0;
    for (const written of this.rules.values()) n += written.size;
    return n;
  }

  private keyOf(labels: Labels): string {
    let key = this.keys.get(labels);
    if (key === undefined) this.keys.set(labels, (key = labelsKey(labels)));
    return key;
  }
}
