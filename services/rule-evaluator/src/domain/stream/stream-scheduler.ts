import { seriesKey, type SampleBatch } from '@streamwatch/metrics-core';
import type { LabelMatcher } from '../promql/api';
import { SelectorIndex } from './selector-index';
import type { WindowStore } from './window-store';

/** What the scheduler needs from a loaded rule. */
export interface StreamRule {
  readonly id: string;
  readonly selectors: LabelMatcher[][];
  /** Longest range + offset + lookback the rule reads, ms. */
  readonly windowMs: number;
  /** Longest time a tick may leave the rule unevaluated (its group interval). */
  readonly intervalMs: number;
  /** True while a time-driven transition may be due: pending/firing alerts, absent(), anomaly state. */
  wantsTick(): boolean;
}

export type Trigger = 'sample' | 'tick';

export interface SchedulerDeps<R extends StreamRule> {
  store: WindowStore;
  now: () => number;
  allowedLatenessMs: number;
  /** Evaluates one rule at event time `tMs`; `sampleT` is the newest sample that triggered it (for latency). */
  evaluate: (rule: R, tMs: number, trigger: Trigger, sampleT: number | undefined) => void;
}

export interface IngestResult {
  points: number;
  late: number;
  rulesEvaluated: number;
}

/**
 * The streaming loop: appends decoded batches to the window store, then evaluates, at the batch's event
 * time, only the rules whose selectors match a touched series. `tick()` covers time-driven transitions.
 * Evaluation times never go backwards per rule.
 */
export class StreamScheduler<R extends StreamRule> {
  private index = new SelectorIndex<R>();
  private rules: R[] = [];
  private watermark = -Infinity;
  private readonly lastEvalT = new Map<R, number>();
  private readonly lastEvalWall = new Map<R, number>();
  /** Rules touched since the last `evaluatePending()`, with the newest triggering sample time. */
  private readonly pending = new Map<R, number>();

  constructor(private readonly deps: SchedulerDeps<R>) {}

  get eventTime(): number {
    return this.watermark;
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /** Replaces the rule set; the store keeps enough history for the longest window plus the lateness. */
  setRules(rules: R[]): void {
    this.rules = rules;
    this.index = new SelectorIndex(rules.map((rule) => ({ rule, selectors: rule.selectors })));
    const longest = rules.reduce((m, r) => Math.max(m, r.windowMs), 0);
    this.deps.store.setRetention(longest + this.deps.allowedLatenessMs);
    const kept = new Set(rules);
    for (const r of [...this.lastEvalT.keys()]) if (!kept.has(r)) this.forgetRule(r);
  }

  /** Appends and evaluates the touched rules at once. */
  ingest(batch: SampleBatch, replay = false): IngestResult {
    const res = this.append(batch, replay);
    return { ...res, rulesEvaluated: this.evaluatePending() };
  }

  /**
   * Appends a batch and only remembers which rules it touched, so several batches can share one evaluation
   * per rule (`evaluatePending()`). `replay` batches (rebuilding windows after a restart) touch no rule.
   */
  append(batch: SampleBatch, replay = false): Omit<IngestResult, 'rulesEvaluated'> {
    const touched = this.pending;
    let points = 0;
    let late = 0;
    const horizon = this.watermark - this.deps.allowedLatenessMs;
    for (const s of batch.series) {
      const key = seriesKey(s.name, s.labels);
      let newest = -Infinity;
      let stored: ReturnType<WindowStore['append']>['series'] | undefined;
      for (const p of s.points) {
        if (!replay && p.timestampMs < horizon) {
          late++;
          continue;
        }
        const out = this.deps.store.append(key, s.name, s.labels, p.timestampMs, p.value);
        stored = out.series;
        if (!out.accepted) late++;
        else {
          points++;
          if (p.timestampMs > newest) newest = p.timestampMs;
        }
      }
      if (newest > this.watermark) this.watermark = newest;
      if (replay || !stored || newest === -Infinity) continue;
      for (const rule of this.index.rulesFor(key, stored.labels)) touched.set(rule, Math.max(touched.get(rule) ?? -Infinity, newest));
    }
    return { points, late };
  }

  get pendingRules(): number {
    return this.pending.size;
  }

  /** Evaluates every touched rule once at the current event time; returns how many. */
  evaluatePending(): number {
    const n = this.pending.size;
    for (const [rule, sampleT] of this.pending) this.run(rule, this.watermark, 'sample', sampleT);
    this.pending.clear();
    return n;
  }

  /** Event time advances with the clock (minus the lateness) even when no samples arrive. */
  tick(): number {
    const wall = this.deps.now();
    const t = Math.max(this.watermark, wall - this.deps.allowedLatenessMs);
    if (t > this.watermark) this.watermark = t;
    let evaluated = 0;
    for (const rule of this.rules) {
      const due = wall - (this.lastEvalWall.get(rule) ?? -Infinity) >= rule.intervalMs;
      if (!due && !rule.wantsTick()) continue;
      this.run(rule, t, 'tick', undefined);
      evaluated++;
    }
    return evaluated;
  }

  /** Trims windows and forgets idle series. */
  collect(): number {
    return this.deps.store.collect((key) => this.index.forget(key));
  }

  private run(rule: R, t: number, trigger: Trigger, sampleT: number | undefined): void {
    const at = Math.max(t, this.lastEvalT.get(rule) ?? -Infinity);
    this.lastEvalT.set(rule, at);
    this.lastEvalWall.set(rule, this.deps.now());
    this.deps.evaluate(rule, at, trigger, sampleT);
  }

  private forgetRule(rule: R): void {
    this.lastEvalT.delete(rule);
    this.lastEvalWall.delete(rule);
  }
}
