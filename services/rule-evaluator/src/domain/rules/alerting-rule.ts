import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import {
  compileExpr,
  type CompiledExpr,
  type SeriesPartitioning,
  type SeriesStore,
  type VectorSample,
} from '../promql';
import { dropMetricName, labelsKey } from '../promql/labels';
import type { ValueRange } from '../promql/series-filter';
import { sourceKeyOf } from '../stream/source-clocks';
import { AlertDecorations } from './alert-labels';
import { RuleHealthTracker } from './rule-health';
import type {
  Alert,
  AlertingEvaluation,
  AlertingRuleSnapshot,
  AlertingRuleSpec,
  AlertState,
  AlertTransition,
} from './types';

/** Prometheus keeps resolved alerts this long so they are re-sent as resolved. */
export const RESOLVED_RETENTION_MS = 15 * 60 * 1000;

/**
 * Moves whenever the number of alerts any rule tracks changes (in this process): whoever caches "this rule
 * tracks no alert" stays right by comparing against it. Shared by all rules, so one rule's change merely
 * invalidates what was cached about the others too.
 */
let trackedCountVersion = 0;
export const trackedAlertsVersion = (): number => trackedCountVersion;

/**
 * A series behind an alert: its `seriesKey`, metric name, labels (without `__name__`) and the key of the source
 * whose time it lives in (see source-clocks.ts).
 */
export interface SeriesSource {
  key: string;
  metric: string;
  labels: Labels;
  source: string;
}

function seriesSource(metric: string, labels: Labels): SeriesSource {
  const key = seriesKey(metric, labels);
  return { key, metric, labels, source: sourceKeyOf(labels.job, labels.instance, () => key) };
}

export interface AlertingRuleOptions {
  externalLabels?: Labels;
  externalURL?: string;
}

/** Prometheus' alerting-rule state machine (rules/alerting.go Eval), driven by evaluation timestamps. */
export class AlertingRule {
  readonly expr: CompiledExpr;
  readonly health = new RuleHealthTracker();
  private readonly decorations: AlertDecorations;
  private active = new Map<string, Alert>();
  /** Alert key -> the series that produced it, while the expression is partitioned per series. */
  private readonly sources = new Map<string, SeriesSource>();

  constructor(
    readonly spec: AlertingRuleSpec,
    private readonly options: AlertingRuleOptions = {},
  ) {
    this.expr = compileExpr(spec.expr);
    this.decorations = new AlertDecorations(spec.labels, spec.annotations);
  }

  get name(): string {
    return this.spec.name;
  }

  /** Evaluates at `tMs`. On an evaluation error, health records it, state is unchanged, and the error is rethrown. */
  evaluate(tMs: number, store: SeriesStore): AlertingEvaluation {
    return this.health.track(tMs, () => this.step(tMs, this.query(store, tMs)));
  }

  /** The expression's per-series partitioning, when `evaluatePartial` may be used. */
  get partitioning(): SeriesPartitioning | undefined {
    return this.expr.partitioning;
  }

  /** The values a series must have to be in the result, for an exact per-series expression (see `seriesRange`). */
  get seriesRange(): ValueRange | undefined {
    return this.expr.partitioning?.exact ? this.expr.seriesRange : undefined;
  }

  /** How many alerts the rule holds, resolved ones included: with none, a series that yields nothing changes nothing. */
  trackedAlerts(): number {
    return this.active.size;
  }

  /**
   * The known series behind the pending and firing alerts (`key` is the `seriesKey` of metric and labels);
   * undefined without partitioning. See `hasUnknownSources`.
   */
  activeSources(): SeriesSource[] | undefined {
    if (!this.expr.partitioning) return undefined;
    const out: SeriesSource[] = [];
    for (const [k, a] of this.active) {
      if (a.state === 'inactive') continue;
      const src = this.sources.get(k);
      if (src !== undefined) out.push(src);
    }
    return out;
  }

  /**
   * Whether a pending or firing alert's series is not known (restored from a snapshot that did not keep it).
   * A partial evaluation leaves such an alert alone; scope key '' covers it.
   */
  hasUnknownSources(): boolean {
    for (const [k, a] of this.active) if (a.state !== 'inactive' && !this.sources.has(k)) return true;
    return false;
  }

  /**
   * Evaluates only the series whose keys are in `scope`; `store` must hold exactly those series. Alerts of
   * other series are left as they are (not resolved, not promoted), so the result equals a full evaluation
   * as long as `scope` covers every series whose result may have changed, including the sources of all
   * pending and firing alerts (see `activeSources()`).
   */
  evaluatePartial(tMs: number, store: SeriesStore, scope: { has(key: string): boolean }): AlertingEvaluation {
    if (!this.expr.partitioning) throw new Error('expression is not partitioned per series');
    return this.health.track(tMs, () => this.step(tMs, this.query(store, tMs), scope));
  }

  private sourceOf(sample: Labels): SeriesSource | undefined {
    const p = this.expr.partitioning;
    if (!p) return undefined;
    return seriesSource(p.metric, dropMetricName(sample));
  }

  private query(store: SeriesStore, tMs: number): VectorSample[] {
    const v = this.expr.evaluate(store, tMs);
    if (v.type === 'vector') return v.samples;
    if (v.type === 'scalar') return [{ labels: {}, value: v.value }];
    throw new Error('alerting rule expression must return a vector or scalar');
  }

  private step(
    ts: number,
    samples: VectorSample[],
    scope?: { has(key: string): boolean },
  ): AlertingEvaluation {
    if (samples.length === 0 && this.active.size === 0) return { active: [], transitions: [] };
    const fresh = new Map<string, Alert>();
    const freshSources = new Map<string, SeriesSource | undefined>();
    for (const s of samples) {
      const data = {
        labels: s.labels,
        value: s.value,
        externalLabels: this.options.externalLabels ?? {},
        externalURL: this.options.externalURL ?? '',
      };
      const labels = this.decorations.alertLabels(this.spec.name, s.labels, data);
      const key = labelsKey(labels);
      if (fresh.has(key))
        throw new Error('vector contains metrics with the same labelset after applying alert labels');
      freshSources.set(key, this.sourceOf(s.labels));
      fresh.set(key, {
        labels,
        annotations: this.decorations.expandAnnotations(data),
        state: 'pending',
        value: s.value,
        activeAt: ts,
        lastSeenAt: ts,
      });
    }
    const tracked = this.active.size;
    const before = new Map<string, AlertState>();
    for (const [k, a] of this.active) before.set(k, a.state);
    for (const [k, a] of fresh) {
      const existing = this.active.get(k);
      if (existing && existing.state !== 'inactive') {
        existing.value = a.value;
        existing.annotations = a.annotations;
        existing.lastSeenAt = ts;
        continue;
      }
      this.active.set(k, a);
    }
    const transitions: AlertTransition[] = [];
    const activeOut: Alert[] = [];
    for (const [k, src] of freshSources) {
      if (src === undefined) this.sources.delete(k);
      else this.sources.set(k, src);
    }
    for (const [k, a] of this.active) {
      const prev = before.get(k) ?? 'inactive';
      if (scope && !fresh.has(k) && !scope.has(this.sources.get(k)?.key ?? '')) {
        if (a.state !== 'inactive') activeOut.push(a);
        continue;
      }
      if (!fresh.has(k)) {
        let keepFiring = false;
        if (a.state === 'firing' && this.spec.keepFiringForMs > 0) {
          a.keepFiringSince ??= ts;
          keepFiring = ts - a.keepFiringSince < this.spec.keepFiringForMs;
        }
        if (
          a.state === 'pending' ||
          (a.resolvedAt !== undefined && ts - a.resolvedAt > RESOLVED_RETENTION_MS)
        )
          this.forget(k);
        if (a.state !== 'inactive' && !keepFiring) {
          a.state = 'inactive';
          a.resolvedAt = ts;
          transitions.push({ kind: 'resolved', from: prev, alert: { ...a }, atMs: ts });
        }
        if (!keepFiring) continue;
      } else {
        delete a.keepFiringSince;
      }
      if (a.state === 'pending' && ts - a.activeAt >= this.spec.forMs) {
        a.state = 'firing';
        a.firedAt = ts;
      }
      if (a.state !== prev)
        transitions.push({
          kind: a.state === 'firing' ? 'firing' : 'pending',
          from: prev,
          alert: { ...a },
          atMs: ts,
        });
      activeOut.push(a);
    }
    if (this.active.size !== tracked) trackedCountVersion++;
    return { active: activeOut, transitions };
  }

  private forget(key: string): void {
    this.active.delete(key);
    this.sources.delete(key);
  }

  /** Pending and firing alerts. */
  activeAlerts(): Alert[] {
    return [...this.active.values()].filter((a) => a.state !== 'inactive');
  }

  /** Pending, firing and recently resolved alerts (resolved ones kept 15m for re-sending as resolved). */
  allAlerts(): Alert[] {
    return [...this.active.values()];
  }

  snapshot(): AlertingRuleSnapshot {
    return {
      version: 1,
      rule: this.spec.name,
      alerts: [...this.active.entries()].map(([k, a]) => {
        const src = this.sources.get(k);
        return {
          ...a,
          labels: { ...a.labels },
          annotations: { ...a.annotations },
          ...(src && { source: { metric: src.metric, labels: { ...src.labels } } }),
        };
      }),
    };
  }

  /** Replaces in-memory state with a snapshot (e.g. from Redis after a restart); other rules' snapshots are ignored. */
  restore(snapshot: AlertingRuleSnapshot): void {
    if (snapshot.version !== 1 || snapshot.rule !== this.spec.name) return;
    this.active = new Map();
    this.sources.clear();
    for (const { source, ...a } of snapshot.alerts) {
      const k = labelsKey(a.labels);
      this.active.set(k, { ...a });
      if (source && this.expr.partitioning) this.sources.set(k, seriesSource(source.metric, source.labels));
    }
    trackedCountVersion++;
  }
}
