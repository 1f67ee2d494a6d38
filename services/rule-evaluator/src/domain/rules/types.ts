import type { Labels } from '@streamwatch/metrics-core';

/** An alerting rule as written in a rule file (durations already in ms). */
export interface AlertingRuleSpec {
  kind: 'alert';
  name: string;
  expr: string;
  forMs: number;
  keepFiringForMs: number;
  labels: Labels;
  annotations: Labels;
}

/** A recording rule as written in a rule file. */
export interface RecordingRuleSpec {
  kind: 'record';
  name: string;
  expr: string;
  labels: Labels;
}

export type RuleSpec = AlertingRuleSpec | RecordingRuleSpec;

export interface RuleGroup {
  name: string;
  /** Evaluation interval in ms, or undefined when the file leaves it to the global default. */
  intervalMs?: number;
  /** Optional per-group query limit (Prometheus `limit`); 0 means none. */
  limit: number;
  rules: RuleSpec[];
  file?: string;
}

export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert instance of an alerting rule (one label set). */
export interface Alert {
  /** Labels after template expansion, including `alertname`. */
  labels: Labels;
  annotations: Labels;
  state: AlertState;
  value: number;
  /** When the expression first returned this label set (ms). */
  activeAt: number;
  /** When the alert went to firing (ms), if it did. */
  firedAt?: number;
  /** When the alert resolved (ms); resolved alerts are kept 15m with state 'inactive'. */
  resolvedAt?: number;
  /** Last time the expression returned this label set (for keep_firing_for). */
  lastSeenAt: number;
  /** Since when the alert is only kept alive by keep_firing_for (ms). */
  keepFiringSince?: number;
}

export type TransitionKind = 'pending' | 'firing' | 'resolved';

/** A state change caused by one evaluation. `from` is the previous state. */
export interface AlertTransition {
  kind: TransitionKind;
  from: AlertState;
  alert: Alert;
  atMs: number;
}

export interface AlertingEvaluation {
  /** Pending and firing alerts after this evaluation. */
  active: Alert[];
  transitions: AlertTransition[];
}

/** JSON-serialisable state of one alerting rule (pending, firing and recently resolved alerts). */
export interface AlertingRuleSnapshot {
  version: 1;
  rule: string;
  /**
   * `source`: the series behind the alert (metric and labels without `__name__`), for rules evaluated per
   * series; absent in snapshots written before it was kept, and then learnt again at the next full pass.
   */
  alerts: Array<Alert & { source?: { metric: string; labels: Labels } }>;
}

export type RuleHealthStatus = 'ok' | 'err' | 'unknown';

/** Health of one rule as `/api/v1/rules` reports it. */
export interface RuleHealth {
  health: RuleHealthStatus;
  lastError: string;
  /** ms since epoch of the last evaluation, or undefined before the first. */
  lastEvaluation?: number;
  /** Seconds the last evaluation took. */
  evaluationTime: number;
}
