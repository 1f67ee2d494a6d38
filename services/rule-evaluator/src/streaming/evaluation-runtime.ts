import type { Labels, SampleBatch } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import { AlertNotifier } from '../domain/stream/alert-notifier';
import { AlertSeriesWriter } from '../domain/stream/alert-series-writer';
import { ScopedStore, ScopeKeys } from '../domain/stream/scoped-store';
import type { SourceClock } from '../domain/stream/source-clocks';
import { StreamScheduler, type Trigger } from '../domain/stream/stream-scheduler';
import { WindowStore, type StoredSeries } from '../domain/stream/window-store';
import type { AlertingEvaluation, AlertingRuleSnapshot } from '../domain/rules/types';
import { trackedAlertsVersion } from '../domain/rules/alerting-rule';
import type { Clock } from '../ports';
import type { AlertingEngine, LoadedRule } from './loaded-rule';
import { OutputQueue, type OutputDeps } from './output-queue';
import { transitionEvent } from './transition-event';

export interface RuntimeDeps extends OutputDeps {
  clock: Clock;
  allowedLatenessMs: number;
  resendDelayMs: number;
  generatorURL: (ruleId: string) => string;
  /**
   * Coalescing: touched rules are evaluated once this many samples are waiting or this long after the
   * previous evaluation, whichever comes first (0/0 = after every batch). Call `evaluateDue()` on a short
   * timer so a quiet stream is never left unevaluated.
   */
  coalesce?: { maxSamples: number; maxDelayMs: number };
  /**
   * True while some partition is still re-reading its windows after a restart: evaluations that read every
   * source wait until it is done (per-source ones only ever see live sources).
   */
  replaying?: () => boolean;
  /** Added to every alert posted to Alertmanager (Prometheus's `global.external_labels`). */
  externalLabels?: Labels;
}

/** A source dropping late samples is logged at most this often. */
const LATE_LOG_INTERVAL_MS = 60_000;

/**
 * Wires the pure streaming parts to the outputs: evaluates rules as the scheduler asks, keeps rule health,
 * and flushes transitions, recorded samples, alert state and due Alertmanager posts after every batch/tick.
 * A rule that throws is marked `err` and counted; the others carry on.
 */
export class EvaluationRuntime {
  readonly store = new WindowStore(0);
  readonly scheduler: StreamScheduler<LoadedRule>;
  readonly notifier: AlertNotifier;
  private rules: LoadedRule[] = [];
  /** Samples handed in so far (accepted or late), for benchmarks and tests. */
  samplesSeen = 0;
  private readonly out: OutputQueue;
  /** ALERTS / ALERTS_FOR_STATE series of the alerting rules, written back to the samples topic. */
  private readonly alertSeries = new AlertSeriesWriter();
  private readonly dirtyState = new Set<LoadedRule>();
  private readonly log: Logger;
  private waitingSamples = 0;
  /** Set when an alert changed state; the ALERTS-style gauge is rebuilt only then. */
  private alertsChanged = true;
  private lastEvaluated = performance.now();
  private readonly durations = new Map<string, { observe(seconds: number): void }>();
  /** Marks series already in the scope being built (see `evaluatePartial`). */
  private scopeEpoch = 0;

  constructor(private readonly deps: RuntimeDeps) {
    this.log = deps.logger.child({ component: 'evaluation' });
    this.notifier = new AlertNotifier({
      resendDelayMs: deps.resendDelayMs,
      resolvedRetentionMs: 15 * 60_000,
      generatorURL: deps.generatorURL,
      externalLabels: deps.externalLabels,
    });
    this.out = new OutputQueue(deps);
    this.scheduler = new StreamScheduler<LoadedRule>({
      store: this.store,
      now: () => deps.clock.now(),
      allowedLatenessMs: deps.allowedLatenessMs,
      quietVersion: trackedAlertsVersion,
      holdFull: deps.replaying,
      onLate: (source, t, seriesNewest) => this.lateSample(source, t, seriesNewest),
      evaluate: (rule, t, trigger, sampleT, scope, sources) =>
        this.evaluate(rule, t, trigger, sampleT, scope, sources),
    });
  }

  get loadedRules(): readonly LoadedRule[] {
    return this.rules;
  }

  /** Restores persisted pending/firing state into the matching rules (by id). */
  restore(snapshots: Map<string, AlertingRuleSnapshot>): number {
    let restored = 0;
    for (const rule of this.rules) {
      const snap = snapshots.get(rule.id);
      if (!snap || !rule.alerting) continue;
      rule.alerting.restore(snap);
      this.notifier.update(rule.id, rule.alerting.activeAlerts(), []);
      this.alertsChanged = true;
      restored++;
    }
    return restored;
  }

  /** Swaps in a new rule set, carrying alert state and health over for rules with the same id. */
  replaceRules(next: LoadedRule[]): void {
    const previous = new Map(this.rules.map((r) => [r.id, r]));
    for (const rule of next) {
      const old = previous.get(rule.id);
      if (!old) continue;
      previous.delete(rule.id);
      if (old.alerting && rule.alerting) rule.alerting.restore(old.alerting.snapshot());
      rule.health = old.health;
    }
    const now = this.deps.clock.now();
    for (const gone of previous.values()) {
      this.notifier.dropRule(gone.id, now);
      if (gone.alerting) {
        this.out.forgetState(gone.id);
        this.out.writeSamples(this.alertSeries.forget(gone.id, this.scheduler.eventTime));
      }
    }
    this.rules = next;
    this.scheduler.setRules(next);
    this.alertsChanged = true;
  }

  async handleBatch(batch: SampleBatch, replay: boolean): Promise<void> {
    await this.appended(this.scheduler.append(batch, replay), replay);
  }

  /**
   * `handleBatch` for a wire-format message, decoded straight into the windows (no object per sample).
   * Throws WireFormatError, without applying anything, when the message is malformed.
   */
  async handleMessage(message: Buffer, replay: boolean, key: string | null = null): Promise<void> {
    await this.appended(this.scheduler.appendMessage(message, replay, key), replay);
  }

  /** Evaluates whatever is pending once a consumer fetch is processed: coalesces by fetch under load. */
  async endOfFetch(): Promise<void> {
    if (this.scheduler.pendingRules === 0) return;
    this.scheduler.evaluatePending();
    this.waitingSamples = 0;
    this.lastEvaluated = performance.now();
    await this.flush();
  }

  private async appended(res: { points: number; late: number }, replay: boolean): Promise<void> {
    this.samplesSeen += res.points + res.late;
    this.deps.metrics.samplesProcessed.inc(res.points);
    if (res.late > 0) this.deps.metrics.samplesLate.inc(res.late);
    this.waitingSamples += res.points;
    if (!replay) await this.evaluateDue();
  }

  /** Evaluates the touched rules if the coalescing limits say so, then flushes outputs. */
  async evaluateDue(): Promise<void> {
    if (this.scheduler.pendingRules === 0) return;
    const c = this.deps.coalesce ?? { maxSamples: 0, maxDelayMs: 0 };
    const now = performance.now();
    if (this.waitingSamples < c.maxSamples && now - this.lastEvaluated < c.maxDelayMs) return;
    this.scheduler.evaluatePending();
    this.waitingSamples = 0;
    this.lastEvaluated = now;
    await this.flush();
  }

  async tick(): Promise<void> {
    this.scheduler.evaluatePending();
    this.scheduler.tick();
    this.deps.metrics.seriesInMemory.set(this.store.seriesCount);
    await this.flush();
  }

  async flush(): Promise<void> {
    for (const rule of this.dirtyState)
      if (rule.alerting) this.out.saveState(rule.id, rule.alerting.snapshot());
    this.dirtyState.clear();
    if (this.alertsChanged) this.refreshAlertGauge();
    this.alertsChanged = false;
    await this.out.flush(this.notifier.due(this.deps.clock.now()), (failed) => this.notifier.retry(failed));
  }

  /** Counted by the caller; logged here at most once a minute per source, with how far behind it was. */
  private lateSample(source: SourceClock, t: number, seriesNewest: number): void {
    const wall = this.deps.clock.now();
    if (wall - source.lateLoggedAt < LATE_LOG_INTERVAL_MS) return;
    source.lateLoggedAt = wall;
    this.log.warn(
      {
        source: source.key.replace('\xff', '/').replace('\x00', ''),
        sampleTime: new Date(t).toISOString(),
        seriesNewest: Number.isFinite(seriesNewest) ? new Date(seriesNewest).toISOString() : undefined,
        allowedLatenessMs: this.deps.allowedLatenessMs,
      },
      "late samples dropped: older than their series' newest point minus the allowed lateness",
    );
  }

  private evaluate(
    rule: LoadedRule,
    t: number,
    _trigger: Trigger,
    sampleT: number | undefined,
    scope?: readonly StoredSeries[],
    sources?: readonly SourceClock[] | null,
  ): void {
    const started = performance.now();
    try {
      if (rule.rule.kind === 'record') this.out.record(rule.rule.engine.evaluate(t, this.store), t);
      else this.evaluateAlerting(rule, rule.rule.engine, t, sampleT, scope, sources);
      const seconds = (performance.now() - started) / 1000;
      const h = rule.health;
      if (h.health === 'ok') {
        h.lastEvaluation = this.deps.clock.now();
        h.evaluationTime = seconds;
      } else
        rule.health = {
          health: 'ok',
          lastError: '',
          lastEvaluation: this.deps.clock.now(),
          evaluationTime: seconds,
        };
    } catch (err) {
      const message = (err as Error).message;
      if (rule.health.lastError !== message)
        this.log.warn({ rule: rule.id, err: message }, 'rule evaluation failed');
      rule.health = {
        health: 'err',
        lastError: message,
        lastEvaluation: this.deps.clock.now(),
        evaluationTime: (performance.now() - started) / 1000,
      };
      this.deps.metrics.evaluationFailures.inc({ rule_group: rule.group });
    }
    this.durationOf(rule.group).observe((performance.now() - started) / 1000);
  }

  /** The duration histogram's child per group, looked up once (labelling costs more than observing). */
  private durationOf(group: string): { observe(seconds: number): void } {
    let child = this.durations.get(group);
    if (child === undefined)
      this.durations.set(group, (child = this.deps.metrics.evaluationDuration.labels({ rule_group: group })));
    return child;
  }

  private evaluateAlerting(
    rule: LoadedRule,
    engine: AlertingEngine,
    t: number,
    sampleT: number | undefined,
    scope?: readonly StoredSeries[],
    sources?: readonly SourceClock[] | null,
  ): void {
    const res =
      scope === undefined
        ? engine.evaluate(t, this.store)
        : sources === null
          ? this.settle(engine, t)
          : this.evaluatePartial(engine, t, scope, sources ?? []);
    if (res === undefined) return;
    this.out.writeSamples(this.alertSeries.observe(rule.id, rule.intervalMs, t, res.active));
    if (res.transitions.length === 0) {
      if (res.active.some((a) => a.state === 'firing')) this.notifier.update(rule.id, res.active, []);
      return;
    }
    const now = this.deps.clock.now();
    for (const tr of res.transitions) {
      this.out.transition(transitionEvent(rule, tr, this.deps.generatorURL(rule.id)));
      if (sampleT !== undefined)
        this.deps.metrics.detectionLatency.observe(Math.max(0, now - sampleT) / 1000);
    }
    const resolved = res.transitions.filter((tr) => tr.kind === 'resolved').map((tr) => tr.alert);
    this.notifier.update(rule.id, res.active, resolved);
    this.dirtyState.add(rule);
    this.alertsChanged = true;
  }

  /**
   * Evaluates only the given series of `sources` (all at their time `t`), plus the series behind the rule's
   * pending and firing alerts of those sources, so those can resolve or move on. Alerts of other sources are
   * left as they are: they live in their own sources' time.
   */
  private evaluatePartial(
    engine: AlertingEngine,
    t: number,
    touched: readonly StoredSeries[],
    sources: readonly SourceClock[],
  ): AlertingEvaluation {
    const partial = engine.evaluatePartial as NonNullable<AlertingEngine['evaluatePartial']>;
    const epoch = ++this.scopeEpoch;
    const series: StoredSeries[] = [];
    for (const s of touched) {
      if (s.scopeMark === epoch) continue;
      s.scopeMark = epoch;
      series.push(s);
    }
    const extra: string[] = [];
    const alertSources = engine.activeSources?.() ?? [];
    if (alertSources.length > 0) {
      const only = sources.length === 1 ? (sources[0] as SourceClock).key : undefined;
      const keys = only === undefined ? new Set(sources.map((src) => src.key)) : undefined;
      for (const src of alertSources) {
        if (only !== undefined ? src.source !== only : !keys?.has(src.source)) continue;
        extra.push(src.key);
        const s = this.store.find(src.metric, src.labels);
        if (s && s.scopeMark !== epoch) {
          s.scopeMark = epoch;
          series.push(s);
        }
      }
    }
    return partial.call(engine, t, new ScopedStore(series), new ScopeKeys(series, extra));
  }

  /**
   * After a full per-source pass: the alerts whose series are in no store any more (or unknown, after a
   * restore from an older snapshot) and so were in no source's scope: evaluated over nothing, they resolve.
   * Undefined when there are none.
   */
  private settle(engine: AlertingEngine, t: number): AlertingEvaluation | undefined {
    const partial = engine.evaluatePartial as NonNullable<AlertingEngine['evaluatePartial']>;
    const keys = new Set<string>();
    for (const src of engine.activeSources?.() ?? [])
      if (this.store.find(src.metric, src.labels) === undefined) keys.add(src.key);
    if (engine.hasUnknownSources?.() === true) keys.add('');
    if (keys.size === 0) return undefined;
    return partial.call(engine, t, new ScopedStore([]), keys);
  }

  private refreshAlertGauge(): void {
    const gauge = this.deps.metrics.alerts;
    gauge.reset();
    for (const rule of this.rules)
      for (const a of rule.alerting?.activeAlerts() ?? [])
        if (a.state !== 'inactive')
          gauge.inc({ alertname: a.labels.alertname ?? rule.spec.name, state: a.state });
  }
}
