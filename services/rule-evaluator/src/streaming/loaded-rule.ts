import type { Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher, SeriesStore } from '../domain/promql/api';
import type { SeriesPartitioning } from '../domain/promql/partitioning';
import type { ValueRange } from '../domain/promql/series-filter';
import type { PartialMode, StreamRule } from '../domain/stream/stream-scheduler';
import type {
  Alert,
  AlertingEvaluation,
  AlertingRuleSnapshot,
  RuleHealth,
  RuleSpec,
} from '../domain/rules/types';

/** What the streaming side needs from the engine's AlertingRule (see engine-bridge.ts). */
export interface AlertingEngine {
  evaluate(tMs: number, store: SeriesStore): AlertingEvaluation;
  readonly partitioning?: SeriesPartitioning;
  activeSources?(): Array<{ key: string; metric: string; labels: Labels; source: string }> | undefined;
  hasUnknownSources?(): boolean;
  evaluatePartial?(tMs: number, store: SeriesStore, scope: { has(key: string): boolean }): AlertingEvaluation;
  readonly seriesRange?: ValueRange;
  /** With `seriesRange`: its changes must move `trackedAlertsVersion`, which the scheduler caches against. */
  trackedAlerts?(): number;
  snapshot(): AlertingRuleSnapshot;
  restore(snapshot: AlertingRuleSnapshot): void;
  activeAlerts(): Alert[];
}

/** What the streaming side needs from the engine's RecordingRule: output samples with `__name__`, and series gone stale. */
export interface RecordingEngine {
  evaluate(
    tMs: number,
    store: SeriesStore,
  ): { samples: Array<{ labels: Labels; value: number }>; stale: Labels[] };
}

export type RuleEngine =
  { kind: 'alert'; engine: AlertingEngine } | { kind: 'record'; engine: RecordingEngine };

const TIME_DRIVEN = /\b(absent|absent_over_time|time)\s*\(/;

/** One rule as loaded: identity, spec, engine, health and what the scheduler needs. */
export class LoadedRule implements StreamRule {
  health: RuleHealth = { health: 'unknown', lastError: '', evaluationTime: 0 };
  /** Alerting rules over a per-series expression are evaluated over the touched series only. */
  readonly partial: PartialMode | undefined;
  /** For exact per-series alerting: the values a series' newest value must have to matter (see `quiet`). */
  readonly passes: ValueRange | undefined;
  private readonly timeDriven: boolean;

  constructor(
    /** Stable across reloads and restarts: source, group, name and occurrence. */
    readonly id: string,
    /** 'file' or 'api'. */
    readonly source: string,
    /** The rule file path, or `api:<group>` for stored groups. */
    readonly file: string,
    readonly group: string,
    readonly spec: RuleSpec,
    readonly rule: RuleEngine,
    readonly selectors: LabelMatcher[][],
    readonly windowMs: number,
    readonly intervalMs: number,
    timeDriven = false,
  ) {
    this.timeDriven = timeDriven || TIME_DRIVEN.test(spec.expr);
    const p = rule.kind === 'alert' && rule.engine.evaluatePartial ? rule.engine.partitioning : undefined;
    this.partial = p === undefined ? undefined : p.exact ? 'exact' : 'windowed';
    this.passes =
      this.partial === 'exact' && rule.kind === 'alert' && rule.engine.trackedAlerts
        ? rule.engine.seriesRange
        : undefined;
  }

  /** True while the rule holds no alert, resolved ones included. */
  quiet(): boolean {
    return this.rule.kind === 'alert' && this.rule.engine.trackedAlerts?.() === 0;
  }

  get alerting(): AlertingEngine | undefined {
    return this.rule.kind === 'alert' ? this.rule.engine : undefined;
  }

  wantsTick(): boolean {
    if (this.timeDriven) return true;
    return this.rule.kind === 'alert' && this.rule.engine.activeAlerts().length > 0;
  }
}
