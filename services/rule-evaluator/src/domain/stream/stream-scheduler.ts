import {
  sampleBatchLayout,
  visitSampleBatch,
  visitSampleBatchPoints,
  type SampleBatch,
  type SampleBatchLayout,
  type SampleSource,
} from '@streamwatch/metrics-core';
import type { LabelMatcher } from '../promql/api';
import type { ValueRange } from '../promql/series-filter';
import { DeferredRows } from './deferred-rows';
import { MessageColumns } from './message-columns';
import { SelectorIndex } from './selector-index';
import { sourceKeyOf, SourceClock, SourceClocks } from './source-clocks';
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
   * Optional, for 'exact' rules, with `quiet`: while `quiet()` holds, evaluating the rule over just a series
   * whose newest point is a staleness marker or a value outside `passes` would change nothing, so such a
   * series need not touch the rule.
   */
  readonly passes?: ValueRange;
  quiet?(): boolean;
  /** True while a time-driven transition may be due: pending/firing alerts, absent(), anomaly state. */
  wantsTick(): boolean;
}

export type Trigger = 'sample' | 'tick';

export interface SchedulerDeps<R extends StreamRule> {
  store: WindowStore;
  /** Wall clock, ms. */
  now: () => number;
  /** How far behind its own source's newest sample a sample may arrive (see source-clocks.ts). */
  allowedLatenessMs: number;
  /**
   * While true, rules that are not evaluated per source (aggregations, `absent`, ...) are held back: they read
   * every series, and some partitions are still replaying their windows after a restart.
   */
  holdFull?: () => boolean;
  /** A sample dropped as late for its source (older than its newest sample minus the lateness). */
  onLate?: (source: SourceClock, t: number, seriesNewest: number) => void;
  /**
   * Moves whenever any rule's `quiet()` may have changed, so the scheduler can keep what it asked; without it,
   * every message asks again.
   */
  quietVersion?: () => number;
  /**
   * Upper bound of the bytes remembered message layouts hold with their deferred points (default 64 MiB); one
   * message gets a 16th.
   */
  maxLayoutBytes?: number;
  /**
   * Evaluates one rule at event time `tMs`; `sampleT` is the newest sample that triggered it (for latency).
   * Without `scope`, the evaluation is a full one, at the combined time. Rules with a `partial` mode are
   * evaluated per source instead: `scope` lists series (possibly repeated) of the `sources` given, at their
   * time; `sources` null with an empty scope settles the rule's alerts whose series are in no store any more.
   */
  evaluate: (
    rule: R,
    tMs: number,
    trigger: Trigger,
    sampleT: number | undefined,
    scope?: readonly StoredSeries[],
    sources?: readonly SourceClock[] | null,
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
 *
 * A steady producer's messages (see `appendMessage`) may be held back a few messages before their points
 * reach the windows; every evaluation, tick and collection applies them first. Anything else reading the
 * store calls `applyDeferred()` first.
 */
export class StreamScheduler<R extends StreamRule> {
  private index = new SelectorIndex<R>();
  private rules: R[] = [];
  private readonly clocks: SourceClocks;
  /**
   * The time of evaluations that read every source: the newest sample time, but never ahead of the wall
   * clock (a sender whose clock runs ahead cannot pull it forward), and moved on by ticks.
   */
  private combined = -Infinity;
  /** Full evaluations held back by `holdFull`. */
  private readonly held = new Set<R>();
  private groupEpoch = 0;
  private readonly lastEvalT = new Map<R, number>();
  private readonly lastEvalWall = new Map<R, number>();
  /** Each rule's position in `rules`: stored series cache the positions of the rules reading them. */
  private slots = new Map<R, number>();
  /** Rules touched since the last `evaluatePending()`, by slot, and their slots in touch order. */
  private pendingAt: Array<PendingEvaluation<R> | undefined> = [];
  private pendingOrder: number[] = [];
  /**
   * Per slot, learnt while `skipsLearnt[slot] === skipEpoch`: whether a series may skip the rule (1: unless its
   * value is in [passMin, passMax]; 2: unless it is outside; 0: never), kept in arrays so a touch reads no rule.
   */
  private skipKind = new Uint8Array(0);
  private passMin = new Float64Array(0);
  private passMax = new Float64Array(0);
  private skipsLearnt = new Float64Array(0);
  private skipEpoch = 1;
  private quietSeen: number | undefined = undefined;
  /** 'windowed' rules evaluated partially since their last full evaluation. */
  private readonly fullOnTick = new Set<R>();
  /** Bumped on every rule change; invalidates the rule lists cached on stored series. */
  private rulesVersion = 0;
  /** The distinct rule lists cached on stored series: of one rule by its slot, else by the slots joined with ','. */
  private singleSlots: Array<readonly number[] | undefined> = [];
  private slotLists = new Map<string, readonly number[]>();
  /**
   * The slots of the index's per-name rule lists (`rulesByNameAlone`) by the name's interned id (null: the name
   * alone does not decide), valid while the interner's `generation` is `nameSlotsGeneration`.
   */
  private nameSlots = new Map<number, readonly number[] | null>();
  private nameSlotsGeneration = -1;
  private readonly columns: MessageColumns;
  /** Per message key, the last message's skeleton and the series it resolved to (see `appendMessage`). */
  private readonly layouts = new Map<string, RememberedLayout>();
  private layoutBytes = 0;
  /** The series each column resolved to in the last `appendColumns`, undefined where all points were late. */
  private resolvedSeries: Array<StoredSeries | undefined> = [];
  /** Remembered layouts holding deferred points. */
  private deferring: RememberedLayout[] = [];

  constructor(private readonly deps: SchedulerDeps<R>) {
    this.columns = new MessageColumns(deps.store.strings);
    this.clocks = new SourceClocks(deps.allowedLatenessMs);
  }

  /** The time of full evaluations (see `combined`). */
  get eventTime(): number {
    return this.combined;
  }

  /** The source of a stored series, assigned on first sight. */
  private sourceOf(series: StoredSeries): SourceClock {
    return (series.source ??= this.clocks.of(
      sourceKeyOf(series.label('job'), series.label('instance'), () => series.key),
    ));
  }

  get ruleCount(): number {
    return this.rules.length;
  }

  /** Replaces the rule set; the store keeps enough history for the longest window plus the lateness. */
  setRules(rules: R[]): void {
    this.rules = rules;
    this.index = new SelectorIndex(rules.map((rule) => ({ rule, selectors: rule.selectors })));
    this.rulesVersion++;
    this.singleSlots = [];
    this.slotLists = new Map();
    this.nameSlots = new Map();
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
    for (const r of [...this.lastEvalT.keys(), ...this.lastEvalWall.keys()])
      if (!kept.has(r)) this.forgetRule(r);
    for (const r of this.held) if (!kept.has(r)) this.held.delete(r);
    const pending = this.pendingOrder
      .map((slot) => this.pendingAt[slot] as PendingEvaluation<R>)
      .filter((p) => kept.has(p.rule));
    this.slots = new Map(rules.map((r, i) => [r, i]));
    this.skipKind = new Uint8Array(rules.length);
    this.passMin = new Float64Array(rules.length);
    this.passMax = new Float64Array(rules.length);
    this.skipsLearnt = new Float64Array(rules.length);
    this.skipEpoch++;
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
    // a message read through a layout has the layout's head, so its source
    if (known !== undefined) this.columns.source = known.source;
    if (
      known !== undefined &&
      known.generation === store.generation &&
      (this.columns.readSingles(message, known.layout, known.series) ||
        visitSampleBatchPoints(message, known.layout, this.columns.forLayout(known.series)))
    )
      return this.defer(known, replay) ?? this.appendThrough(known, replay);
    if (known !== undefined) this.forgetLayout(key as string);
    visitSampleBatch(message, this.columns.forKey(key));
    this.columns.remember();
    // A key's first message is remembered too: most keys are steady, and their second message then needs no
    // lookup at all. A key whose skeleton does change pays for that one copy.
    const steady = key !== null && (this.columns.tableRepeated || this.columns.firstOfItsKey);
    const seriesCount = this.columns.seriesCount;
    const res = this.appendColumns(this.columns, replay);
    if (steady) this.rememberLayout(key, message, seriesCount);
    return res;
  }

  /**
   * Holds back a message read through its key's layout when every series has exactly one point, newer than
   * any the series had under this key (a series comes under one key, its shard key) and within the lateness.
   * The rules are touched now, from the points' values; the windows get the points when the layout's rows
   * are applied. Undefined (nothing done) when it cannot.
   */
  private defer(known: RememberedLayout, replay: boolean): Omit<IngestResult, 'rulesEvaluated'> | undefined {
    const c = this.columns;
    const n = c.seriesCount;
    const newestT = known.newestT;
    const own = isOwnOutput(known.source);
    // a series' newest point is its source's newest or older, so a point newer than it is never late
    for (let i = 0; i < n; i++) {
      const t = c.ts[i] as number;
      if (c.pointStart[i + 1] !== i + 1 || t <= (newestT[i] as number)) return undefined;
    }
    const rows = known.deferred ?? this.deferredRowsFor(known);
    if (rows === undefined) return undefined;
    if (rows.full) this.applyLayout(known);
    rows.push(c.ts, c.vs, c.stale);
    if (!known.deferring) {
      known.deferring = true;
      this.deferring.push(known);
    }
    if (known.rulesVersion !== this.rulesVersion) {
      for (let i = 0; i < n; i++) known.slots[i] = this.slotsOf(known.series[i] as StoredSeries);
      known.rulesVersion = this.rulesVersion;
    }
    this.checkQuiet();
    this.startRound();
    const wall = this.deps.now();
    let newest = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = c.ts[i] as number;
      const series = known.series[i] as StoredSeries;
      if (!own) this.clocks.arrive(series.source ?? this.sourceOf(series), t, wall, replay, -Infinity);
      newestT[i] = t;
      if (t > newest) newest = t;
      if (!replay)
        this.touch(series, t, known.slots[i] as readonly number[], c.vs[i] as number, c.stale[i] === 1);
    }
    if (!own) this.moveCombined(newest, wall);
    c.clear();
    return { points: n, late: 0 };
  }

  /** Deferred rows for a layout, allocated on first use; undefined when they would not fit the byte bound. */
  private deferredRowsFor(known: RememberedLayout): DeferredRows | undefined {
    const bytes = DeferredRows.bytesFor(known.series.length, DEFERRED_ROWS);
    if (this.layoutBytes + bytes > (this.deps.maxLayoutBytes ?? MAX_LAYOUT_BYTES)) return undefined;
    this.layoutBytes += bytes;
    return (known.deferred = new DeferredRows(known.series.length, DEFERRED_ROWS));
  }

  /** A layout message that cannot be deferred: after the layout's deferred rows, appended at once. */
  private appendThrough(known: RememberedLayout, replay: boolean): Omit<IngestResult, 'rulesEvaluated'> {
    this.applyLayout(known);
    const res = this.appendColumns(this.columns, replay);
    for (let i = 0; i < known.series.length; i++) known.newestT[i] = (known.series[i] as StoredSeries).lastT;
    return res;
  }

  /** Applies a layout's deferred points to the windows. */
  private applyLayout(known: RememberedLayout): void {
    const rows = known.deferred;
    if (rows === undefined || rows.rows === 0) return;
    const store = this.deps.store;
    const series = known.series;
    // A point older than the retention by now is dropped here: it is outside every rule's window.
    rows.apply((i, t, v, stale) => void store.appendTo(series[i] as StoredSeries, t, v, stale));
  }

  /** Applies every deferred point to the windows (done before any evaluation, tick or collection). */
  applyDeferred(): void {
    for (const known of this.deferring) {
      this.applyLayout(known);
      known.deferring = false;
    }
    this.deferring = [];
  }

  /**
   * Remembers the message's skeleton with the series it resolved to, so the key's next message with the same
   * skeleton skips string and series lookups. Only for keys seen for the first time or whose string table
   * repeated (a steady producer), and only while no stored series is forgotten (the store's generation).
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
    const newestT = new Float64Array(seriesCount);
    for (let i = 0; i < seriesCount; i++) newestT[i] = (series[i] as StoredSeries).lastT;
    this.layouts.set(key, {
      layout,
      source: this.columns.source,
      series,
      generation: this.deps.store.generation,
      newestT,
      slots: new Array<readonly number[]>(seriesCount),
      rulesVersion: -1,
      deferred: undefined,
      deferring: false,
    });
    this.layoutBytes += layout.byteLength;
  }

  private forgetLayout(key: string): void {
    const known = this.layouts.get(key);
    if (known === undefined) return;
    this.applyLayout(known);
    this.layouts.delete(key);
    this.layoutBytes -= known.layout.byteLength + (known.deferred?.byteLength ?? 0);
  }

  private forgetLayouts(): void {
    this.applyDeferred();
    this.layouts.clear();
    this.layoutBytes = 0;
  }

  /** Message layouts remembered, and the bytes they hold with their deferred points. */
  get rememberedLayouts(): { count: number; bytes: number } {
    return { count: this.layouts.size, bytes: this.layoutBytes };
  }

  /** Points held back, not yet in the windows. */
  get deferredPoints(): number {
    let n = 0;
    for (const known of this.deferring) n += (known.deferred?.rows ?? 0) * known.series.length;
    return n;
  }

  private appendColumns(c: MessageColumns, replay: boolean): Omit<IngestResult, 'rulesEvaluated'> {
    this.checkQuiet();
    this.startRound();
    const store = this.deps.store;
    const clocks = this.clocks;
    const wall = this.deps.now();
    let points = 0;
    let late = 0;
    let newestOfAll = -Infinity;
    const own = isOwnOutput(c.source);
    const resolved = c.resolved;
    for (let i = 0; i < c.seriesCount; i++) {
      let newest = -Infinity;
      let stored: StoredSeries | undefined = resolved?.[i];
      if (stored === undefined) {
        const from = c.idStart[i] as number;
        stored = store.seriesByIds(c.ids, from, (c.idStart[i + 1] as number) - from);
      }
      const source = stored.source ?? this.sourceOf(stored);
      const end = c.pointStart[i + 1] as number;
      for (let k = c.pointStart[i] as number; k < end; k++) {
        const t = c.ts[k] as number;
        const seriesNewest = stored.window.length > 0 ? stored.lastT : -Infinity;
        if (!own && !clocks.arrive(source, t, wall, replay, seriesNewest)) {
          late++;
          this.deps.onLate?.(source, t, seriesNewest);
          continue;
        }
        if (!store.appendTo(stored, t, c.vs[k] as number, c.stale[k] === 1)) {
          late++;
          this.deps.onLate?.(source, t, seriesNewest);
        } else {
          points++;
          if (t > newest) newest = t;
        }
      }
      this.resolvedSeries[i] = stored;
      if (newest > newestOfAll) newestOfAll = newest;
      if (replay || newest === -Infinity) continue;
      this.touch(stored, newest, this.slotsOf(stored), stored.lastV, stored.lastStale);
    }
    if (!own) this.moveCombined(newestOfAll, wall);
    c.clear();
    return { points, late };
  }

  /**
   * Sample times gathered for stepping (`stepThrough`) belong to one evaluation round: what was appended since
   * the last evaluation. With nothing pending, a new round starts.
   */
  private startRound(): void {
    if (this.pendingOrder.length === 0) this.clocks.round++;
  }

  /** Moves the combined time to `t`, but never ahead of the wall clock. */
  private moveCombined(t: number, wall: number): void {
    const capped = t < wall ? t : wall;
    if (capped > this.combined) this.combined = capped;
  }

  /** Marks the rules in `slots` as touched by `series`, whose newest point now is (`value`, `stale`). */
  private touch(
    series: StoredSeries,
    sampleT: number,
    slots: readonly number[],
    value: number,
    stale: boolean,
  ): void {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as number;
      const p = this.pendingAt[slot];
      if (p === undefined) {
        if (this.skips(slot, value, stale)) continue;
        const rule = this.rules[slot] as R;
        this.pendingAt[slot] = { rule, sampleT, series: rule.partial ? [series] : undefined };
        this.pendingOrder.push(slot);
      } else if (!this.skips(slot, value, stale)) {
        if (sampleT > p.sampleT) p.sampleT = sampleT;
        p.series?.push(series);
      }
    }
  }

  /** Whether a series whose newest point is (`value`, `stale`) need not touch the rule in `slot` (see `passes`). */
  private skips(slot: number, value: number, stale: boolean): boolean {
    if (this.skipsLearnt[slot] !== this.skipEpoch) this.learnSkip(slot);
    const kind = this.skipKind[slot] as number;
    if (kind === 0) return false;
    const inside = (this.passMin[slot] as number) <= value && value <= (this.passMax[slot] as number);
    return stale || inside === (kind === 2);
  }

  private learnSkip(slot: number): void {
    const rule = this.rules[slot] as R;
    const range = rule.passes;
    const skipping = range !== undefined && rule.quiet?.() === true;
    this.skipKind[slot] = !skipping ? 0 : range.complement ? 2 : 1;
    this.passMin[slot] = range?.min ?? NaN;
    this.passMax[slot] = range?.max ?? NaN;
    this.skipsLearnt[slot] = this.skipEpoch;
  }

  /** Forgets what `skips` learnt when a rule's `quiet()` may have changed since (called once a message). */
  private checkQuiet(): void {
    const version = this.deps.quietVersion?.();
    if (version === undefined || version !== this.quietSeen) {
      this.quietSeen = version;
      this.skipEpoch++;
    }
  }

  /**
   * Slots of the rules reading `series`, cached on it until the rules change. Series reading the same rules
   * share one list, so the lists stay few and in cache however many series there are.
   */
  private slotsOf(series: StoredSeries): readonly number[] {
    if (series.rulesVersion === this.rulesVersion) return series.rules as readonly number[];
    const shared = this.slotsByName(series) ?? this.sharedSlots(this.index.match(series.labels));
    series.rules = shared;
    series.rulesVersion = this.rulesVersion;
    return shared;
  }

  /** The slots of the rules reading every series of `series`' name, when the name alone decides. */
  private slotsByName(series: StoredSeries): readonly number[] | undefined {
    const strings = this.deps.store.strings;
    if (this.nameSlotsGeneration !== strings.generation) {
      this.nameSlots.clear();
      this.nameSlotsGeneration = strings.generation;
    }
    const nameId = series.nameId;
    let shared = this.nameSlots.get(nameId);
    if (shared === undefined) {
      const byName = this.index.rulesByNameAlone(series.name);
      shared = byName === undefined ? null : this.sharedSlots(byName);
      this.nameSlots.set(nameId, shared);
    }
    return shared ?? undefined;
  }

  private sharedSlots(rules: readonly R[]): readonly number[] {
    if (rules.length === 1) {
      const slot = this.slots.get(rules[0] as R) as number;
      return (this.singleSlots[slot] ??= [slot]);
    }
    const slots = rules.map((r) => this.slots.get(r) as number);
    const key = slots.join(',');
    const shared = this.slotLists.get(key) ?? slots;
    this.slotLists.set(key, shared);
    return shared;
  }

  get pendingRules(): number {
    return this.pendingOrder.length;
  }

  /**
   * Evaluates every touched rule once: rules evaluated per source over the touched series, at their sources'
   * times; the others at the combined time (held back while `holdFull`). Returns how many rules.
   */
  evaluatePending(): number {
    const order = this.pendingOrder;
    if (order.length > 0) this.applyDeferred();
    this.pendingOrder = [];
    const hold = this.deps.holdFull?.() === true;
    for (const slot of order) {
      const p = this.pendingAt[slot] as PendingEvaluation<R>;
      this.pendingAt[slot] = undefined;
      if (p.series !== undefined) {
        this.evaluateBySource(p.rule, p.series, 'sample', p.sampleT, undefined);
        if (p.rule.partial === 'windowed') this.fullOnTick.add(p.rule);
      } else if (hold) this.held.add(p.rule);
      else this.runFull(p.rule, 'sample', p.sampleT);
    }
    if (!hold) this.releaseHeld();
    return order.length;
  }

  private releaseHeld(): void {
    if (this.held.size === 0) return;
    const held = [...this.held];
    this.held.clear();
    for (const rule of held) this.runFull(rule, 'sample', undefined);
  }

  /**
   * Time moves on with the clock even when no samples arrive: each source's after it has been quiet for the
   * lateness, the combined time to the clock minus the lateness. Evaluates the rules that want it, those
   * unevaluated for their interval, and windowed rules evaluated partially since their last full pass.
   */
  tick(): number {
    this.applyDeferred();
    const wall = this.deps.now();
    this.moveCombined(wall - this.deps.allowedLatenessMs, wall);
    // while partitions replay, a pass would read half-rebuilt windows and settle alerts whose series are not
    // back yet: time-driven evaluations wait, sample-driven ones of live sources go on
    if (this.deps.holdFull?.() === true) return 0;
    this.releaseHeld();
    let evaluated = 0;
    for (const rule of this.rules) {
      const due = wall - (this.lastEvalWall.get(rule) ?? -Infinity) >= rule.intervalMs;
      if (!due && !rule.wantsTick() && !this.fullOnTick.has(rule)) continue;
      if (rule.partial !== undefined) this.passBySource(rule, wall);
      else this.runFull(rule, 'tick', undefined);
      evaluated++;
    }
    return evaluated;
  }

  /**
   * A full pass of a per-source rule: every series it reads, grouped by source, each at its source's time,
   * then the settling of alerts whose series are gone.
   */
  private passBySource(rule: R, wall: number): void {
    const series = this.deps.store.matching(rule.selectors);
    this.evaluateBySource(rule, series, 'tick', undefined, wall);
    this.deps.evaluate(rule, this.combined, 'tick', undefined, [], null);
    this.lastEvalWall.set(rule, wall);
    this.fullOnTick.delete(rule);
  }

  /**
   * Evaluates `rule` over `series` grouped by source, each group at its source's time. Sources whose times lie
   * within SOURCE_MERGE_MS of each other are evaluated together, at the newest of their times: one evaluation
   * per batch of steady senders rather than one per sender, at most that much later than each one's own time.
   */
  private evaluateBySource(
    rule: R,
    series: readonly StoredSeries[],
    trigger: Trigger,
    sampleT: number | undefined,
    wall: number | undefined,
  ): void {
    const epoch = ++this.groupEpoch;
    const sources: SourceClock[] = [];
    for (const s of series) {
      const src = s.source ?? this.sourceOf(s);
      if (src.mark !== epoch) {
        src.mark = epoch;
        src.group = [s];
        sources.push(src);
      } else (src.group as StoredSeries[]).push(s);
    }
    if (wall !== undefined) for (const src of sources) this.clocks.timeAt(src, wall);
    else this.stepThrough(rule, sources, trigger, sampleT);
    if (sources.length === 0) return;
    if (sources.length === 1) {
      const src = sources[0] as SourceClock;
      const group = src.group as StoredSeries[];
      src.group = undefined;
      return this.deps.evaluate(rule, src.time, trigger, sampleT, group, sources);
    }
    sources.sort((a, b) => a.time - b.time);
    let from = 0;
    while (from < sources.length) {
      let to = from + 1;
      const start = (sources[from] as SourceClock).time;
      while (to < sources.length && (sources[to] as SourceClock).time - start <= SOURCE_MERGE_MS) to++;
      const bucket = sources.slice(from, to);
      const scope: StoredSeries[] = [];
      for (const src of bucket) {
        for (const s of src.group as StoredSeries[]) scope.push(s);
        src.group = undefined;
      }
      this.deps.evaluate(rule, (sources[to - 1] as SourceClock).time, trigger, sampleT, scope, bucket);
      from = to;
    }
  }

  /**
   * A source that brought several sample times this round (minutes of a replay in one message) is evaluated at
   * them in order, at most one per the rule's interval, then at its time, as Prometheus would have evaluated it
   * while they happened; it is taken out of `sources`.
   */
  private stepThrough(rule: R, sources: SourceClock[], trigger: Trigger, sampleT: number | undefined): void {
    let kept = 0;
    for (const src of sources) {
      const due = this.clocks.dueSteps(src, rule.intervalMs);
      if (due.length === 0) {
        sources[kept++] = src;
        continue;
      }
      const group = src.group as StoredSeries[];
      src.group = undefined;
      for (const t of due) this.deps.evaluate(rule, t, trigger, sampleT, group, [src]);
      this.deps.evaluate(rule, src.time, trigger, sampleT, group, [src]);
    }
    sources.length = kept;
  }

  /** Trims windows (each behind its source's time) and forgets idle series and the sources left without any. */
  collect(): number {
    this.applyDeferred();
    const wall = this.deps.now();
    const dropped = this.deps.store.collect(undefined, (s) =>
      s.source === undefined ? this.combined : this.clocks.timeAt(s.source, wall),
    );
    const epoch = ++this.groupEpoch;
    this.deps.store.forEachSeries((s) => {
      if (s.source !== undefined) s.source.mark = epoch;
    });
    this.clocks.retain((c) => c.mark === epoch);
    return dropped;
  }

  private runFull(rule: R, trigger: Trigger, sampleT: number | undefined): void {
    const at = Math.max(this.combined, this.lastEvalT.get(rule) ?? -Infinity);
    this.lastEvalT.set(rule, at);
    this.lastEvalWall.set(rule, this.deps.now());
    this.fullOnTick.delete(rule);
    this.deps.evaluate(rule, at, trigger, sampleT);
  }

  private forgetRule(rule: R): void {
    this.lastEvalT.delete(rule);
    this.lastEvalWall.delete(rule);
    this.fullOnTick.delete(rule);
  }
}

/**
 * The evaluator's own outputs (recording-rule results, ALERTS) come back on the samples topic stamped with
 * evaluation times, under the key of the source they were computed from: they are read into the windows and
 * touch rules, but they are not that source's samples and must not move its clock (each would restart its
 * quiet spell and so hold its time back, or push a lagging source ahead of its own samples).
 */
function isOwnOutput(source: SampleSource): boolean {
  return source === 'recording_rule';
}

const MAX_LAYOUTS = 50_000;
/** Sources whose times lie this close are evaluated together (see `evaluateBySource`). */
const SOURCE_MERGE_MS = 1000;
/** Messages a remembered layout holds back at most before applying them to the windows. */
const DEFERRED_ROWS = 8;
/** Layouts keep a copy of their message: large messages from many keys must not grow the heap unbounded. */
const MAX_LAYOUT_BYTES = 64 * 1024 * 1024;

interface RememberedLayout {
  layout: SampleBatchLayout;
  /** The source of the message it was taken from: the layout's head, so of every message read through it. */
  source: SampleSource;
  series: StoredSeries[];
  generation: number;
  /** Per series, the newest point time including deferred ones. */
  newestT: Float64Array;
  /** Per series, the slots of the rules reading it (`slotsOf`), valid while `rulesVersion` matches. */
  slots: Array<readonly number[]>;
  rulesVersion: number;
  deferred: DeferredRows | undefined;
  /** Listed in `deferring`. */
  deferring: boolean;
}
