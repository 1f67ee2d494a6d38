import {
  sampleBatchLayout,
  visitSampleBatch,
  visitSampleBatchPoints,
  type SampleBatch,
  type SampleBatchLayout,
} from '@streamwatch/metrics-core';
import type { LabelMatcher } from '../promql/api';
import { MessageColumns } from './message-columns';
import { SelectorIndex } from './selector-index';
import type { StoredSeries, WindowStore } from './window-store';

/**
 * 'exact': the rule may be evaluated over just the touched series (see SeriesPartitioning.exact);
 * 'windowed': likewise, but its results drift with time, so it is evaluated in full on the next tick.
 */
export type PartialMode = 'exact' | 'windowed';

/** What the scheduler needs from a loaded rule. */
export interface StreamRule {
  readonly id: string;
  readonly selectors: LabelMatcher[][];
  /** Longest range + offset + lookback the rule reads, ms. */
  readonly windowMs: number;
  /** Longest time a tick may leave the rule unevaluated (its group interval). */
  readonly intervalMs: number;
  /** Whether the rule can be evaluated over only the series a batch touched. */
  readonly partial?: PartialMode;
  /**
   * Optional, for 'exact' rules: true when evaluating the rule over just `series` (newly appended to) would
   * change nothing, so the series need not touch the rule.
   */
  skipSeries?(series: StoredSeries): boolean;
  /** True while a time-driven transition may be due: pending/firing alerts, absent(), anomaly state. */
  wantsTick(): boolean;
}

export type Trigger = 'sample' | 'tick';

export interface SchedulerDeps<R extends StreamRule> {
  store: WindowStore;
  now: () => number;
  allowedLatenessMs: number;
  /** Upper bound of the bytes remembered message layouts hold (default 64 MiB); one message gets a 16th. */
  maxLayoutBytes?: number;
  /**
   * Evaluates one rule at event time `tMs`; `sampleT` is the newest sample that triggered it (for latency).
   * `scope` (only for rules with a `partial` mode) lists the touched series, possibly repeated; without it,
   * the evaluation is a full one.
   */
  evaluate: (
    rule: R,
    tMs: number,
    trigger: Trigger,
    sampleT: number | undefined,
    scope?: readonly StoredSeries[],
  ) => void;
}

interface PendingEvaluation<R> {
  rule: R;
  /** Newest triggering sample time. */
  sampleT: number;
  /** Touched series, for rules with a partial mode. */
  series: StoredSeries[] | undefined;
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
  /** Each rule's position in `rules`: stored series cache the positions of the rules reading them. */
  private slots = new Map<R, number>();
  /** Rules touched since the last `evaluatePending()`, by slot, and their slots in touch order. */
  private pendingAt: Array<PendingEvaluation<R> | undefined> = [];
  private pendingOrder: number[] = [];
  /** 'windowed' rules evaluated partially since their last full evaluation. */
  private readonly fullOnTick = new Set<R>();
  /** Bumped on every rule change; invalidates the rule lists cached on stored series. */
  private rulesVersion = 0;
  private readonly columns: MessageColumns;
  /** Per message key, the last message's skeleton and the series it resolved to (see `appendMessage`). */
  private readonly layouts = new Map<string, RememberedLayout>();
  private layoutBytes = 0;
  /** The series each column resolved to in the last `appendColumns`, undefined where all points were late. */
  private resolvedSeries: Array<StoredSeries | undefined> = [];

  constructor(private readonly deps: SchedulerDeps<R>) {
    this.columns = new MessageColumns(deps.store.strings);
  }

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
    this.rulesVersion++;
    const longest = rules.reduce((m, r) => Math.max(m, r.windowMs), 0);
    this.deps.store.setRetention(longest + this.deps.allowedLatenessMs);
    this.deps.store.setIndexedLabels(
      rules.flatMap((r) =>
        r.selectors
          .flat()
          .filter((m) => m.op === '=' && m.value !== '')
          .map((m) => m.name),
      ),
    );
    const kept = new Set(rules);
    for (const r of this.lastEvalT.keys()) if (!kept.has(r)) this.forgetRule(r);
    const pending = this.pendingOrder
      .map((slot) => this.pendingAt[slot] as PendingEvaluation<R>)
      .filter((p) => kept.has(p.rule));
    this.slots = new Map(rules.map((r, i) => [r, i]));
    this.pendingAt = new Array<PendingEvaluation<R> | undefined>(rules.length).fill(undefined);
    this.pendingOrder = [];
    for (const p of pending) {
      const slot = this.slots.get(p.rule) as number;
      this.pendingAt[slot] = p;
      this.pendingOrder.push(slot);
    }
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
    return this.appendColumns(this.columns.fromBatch(batch), replay);
  }

  /**
   * `append` for a wire-format message, decoded straight into the store. Throws WireFormatError (before
   * touching the store) when the message is malformed. `key` (the Kafka message key) lets a repeated string
   * table skip the string lookups.
   */
  appendMessage(
    message: Buffer,
    replay = false,
    key: string | null = null,
  ): Omit<IngestResult, 'rulesEvaluated'> {
    const store = this.deps.store;
    const known = key === null ? undefined : this.layouts.get(key);
    if (
      known !== undefined &&
      known.generation === store.generation &&
      visitSampleBatchPoints(message, known.layout, this.columns.forLayout(known.series))
    )
      return this.appendColumns(this.columns, replay);
    visitSampleBatch(message, this.columns.forKey(key));
    this.columns.remember();
    const steady = key !== null && this.columns.tableRepeated;
    const seriesCount = this.columns.seriesCount;
    const res = this.appendColumns(this.columns, replay);
    if (steady) this.rememberLayout(key, message, seriesCount);
    return res;
  }

  /**
   * Remembers the message's skeleton with the series it resolved to, so the key's next message with the same
   * skeleton skips string and series lookups. Only for keys whose string table repeated (a steady producer),
   * and only while no stored series is forgotten (the store's generation).
   */
  private rememberLayout(key: string, message: Buffer, seriesCount: number): void {
    const series: StoredSeries[] = [];
    for (let i = 0; i < seriesCount; i++) {
      const s = this.resolvedSeries[i];
      if (s === undefined) return this.forgetLayout(key);
      series.push(s);
    }
    this.forgetLayout(key);
    const maxBytes = this.deps.maxLayoutBytes ?? MAX_LAYOUT_BYTES;
    if (message.length > maxBytes / 16) return;
    const layout = sampleBatchLayout(message);
    if (this.layouts.size >= MAX_LAYOUTS || this.layoutBytes + layout.byteLength > maxBytes)
      this.forgetLayouts();
    this.layouts.set(key, { layout, series, generation: this.deps.store.generation });
    this.layoutBytes += layout.byteLength;
  }

  private forgetLayout(key: string): void {
    const known = this.layouts.get(key);
    if (known === undefined) return;
    this.layouts.delete(key);
    this.layoutBytes -= known.layout.byteLength;
  }

  private forgetLayouts(): void {
    this.layouts.clear();
    this.layoutBytes = 0;
  }

  /** Message layouts remembered, and the bytes they hold. */
  get rememberedLayouts(): { count: number; bytes: number } {
    return { count: this.layouts.size, bytes: this.layoutBytes };
  }

  private appendColumns(c: MessageColumns, replay: boolean): Omit<IngestResult, 'rulesEvaluated'> {
    const store = this.deps.store;
    let points = 0;
    let late = 0;
    const horizon = this.watermark - this.deps.allowedLatenessMs;
    const resolved = c.resolved;
    for (let i = 0; i < c.seriesCount; i++) {
      let newest = -Infinity;
      let stored: StoredSeries | undefined = resolved?.[i];
      const end = c.pointStart[i + 1] as number;
      for (let k = c.pointStart[i] as number; k < end; k++) {
        const t = c.ts[k] as number;
        if (!replay && t < horizon) {
          late++;
          continue;
        }
        if (stored === undefined) {
          const from = c.idStart[i] as number;
          stored = store.seriesByIds(c.ids, from, (c.idStart[i + 1] as number) - from);
        }
        if (!store.appendTo(stored, t, c.vs[k] as number, c.stale[k] === 1)) late++;
        else {
          points++;
          if (t > newest) newest = t;
        }
      }
      this.resolvedSeries[i] = stored;
      if (newest > this.watermark) this.watermark = newest;
      if (replay || !stored || newest === -Infinity) continue;
      this.touch(stored, newest);
    }
    c.clear();
    return { points, late };
  }

  private touch(series: StoredSeries, sampleT: number): void {
    const slots = this.slotsOf(series);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const p = this.pendingAt[slot];
      if (p === undefined) {
        const rule = this.rules[slot] as R;
        if (rule.skipSeries?.(series)) continue;
        this.pendingAt[slot] = { rule, sampleT, series: rule.partial ? [series] : undefined };
        this.pendingOrder.push(slot);
      } else if (!p.rule.skipSeries?.(series)) {
        if (sampleT > p.sampleT) p.sampleT = sampleT;
        p.series?.push(series);
      }
    }
  }

  /** Slots of the rules reading `series`, cached on it until the rules change. */
  private slotsOf(series: StoredSeries): readonly number[] {
    if (series.rulesVersion === this.rulesVersion) return series.rules as readonly number[];
    const slots = this.index.match(series.labels).map((r) => this.slots.get(r) as number);
    series.rules = slots;
    series.rulesVersion = this.rulesVersion;
    return slots;
  }

  get pendingRules(): number {
    return this.pendingOrder.length;
  }

  /** Evaluates every touched rule once at the current event time; returns how many. */
  evaluatePending(): number {
    const order = this.pendingOrder;
    this.pendingOrder = [];
    for (const slot of order) {
      const p = this.pendingAt[slot] as PendingEvaluation<R>;
      this.pendingAt[slot] = undefined;
      this.run(p.rule, this.watermark, 'sample', p.sampleT, p.series);
    }
    const n = order.length;
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
      if (!due && !rule.wantsTick() && !this.fullOnTick.has(rule)) continue;
      this.run(rule, t, 'tick', undefined, undefined);
      evaluated++;
    }
    return evaluated;
  }

  /** Trims windows and forgets idle series. */
  collect(): number {
    return this.deps.store.collect();
  }

  private run(
    rule: R,
    t: number,
    trigger: Trigger,
    sampleT: number | undefined,
    scope: StoredSeries[] | undefined,
  ): void {
    const at = Math.max(t, this.lastEvalT.get(rule) ?? -Infinity);
    this.lastEvalT.set(rule, at);
    if (scope && rule.partial === 'windowed') this.fullOnTick.add(rule);
    if (!scope) {
      this.lastEvalWall.set(rule, this.deps.now());
      this.fullOnTick.delete(rule);
    }
    this.deps.evaluate(rule, at, trigger, sampleT, scope);
  }

  private forgetRule(rule: R): void {
    this.lastEvalT.delete(rule);
    this.lastEvalWall.delete(rule);
    this.fullOnTick.delete(rule);
  }
}

const MAX_LAYOUTS = 50_000;
/** Layouts keep a copy of their message: large messages from many keys must not grow the heap unbounded. */
const MAX_LAYOUT_BYTES = 64 * 1024 * 1024;

interface RememberedLayout {
  layout: SampleBatchLayout;
  series: StoredSeries[];
  generation: number;
}
