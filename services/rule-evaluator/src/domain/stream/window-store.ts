import { seriesKey, type Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher, SeriesData, SeriesStore } from '../promql/api';
import { dropMetricName } from '../promql/labels';
import { compileMatchers, matchesAll } from '../promql/matchers';
import { selectNewest, selectRange } from './series-select';
import { DoubleSlab } from './double-slab';
import { IdArena } from './id-arena';
import { hashIds, SeriesTable, type IdentifiedSeries } from './series-table';
import { SeriesWindow } from './series-window';
import type { SourceClock } from './source-clocks';
import { StringInterner } from './string-interner';

const NONE: readonly StoredSeries[] = [];

/**
 * A series in the store. Its labels are kept sorted by name after `__name__`. It is its own window (one
 * object less to reach per appended point than holding one). The labels object is built from the interned
 * ids when first read: a series that no evaluation selects (a threshold rule skips those below it) never
 * needs one, and creating a series is the expensive moment of a new stream.
 */
export class StoredSeries extends SeriesWindow implements IdentifiedSeries {
  /** Scratch slot for the scheduler: the rules reading this series (their slots), valid while `rulesVersion` matches. */
  rules: readonly number[] | undefined = undefined;
  rulesVersion = -1;
  /** Scratch slot for building evaluation scopes without duplicates. */
  scopeMark = 0;
  /** Scratch slot for `WindowStore.matching`. */
  matchMark = 0;
  /** The source whose clock this series' points move (set by the scheduler on first sight). */
  source: SourceClock | undefined = undefined;
  private keyText: string | undefined = undefined;
  private labelSet: Labels | undefined = undefined;

  constructor(
    private readonly strings: StringInterner,
    private readonly arena: IdArena,
    /** Where its ids start in the arena (moved only by `IdArena.compact`). */
    public idsAt: number,
    readonly idsLength: number,
    readonly hash: number,
    slab: DoubleSlab,
  ) {
    super(undefined, slab);
  }

  /** Includes `__name__`. */
  get labels(): Labels {
    if (this.labelSet === undefined) {
      const ids = this.arena.data;
      const at = this.idsAt;
      const labels: Labels = { __name__: this.strings.str(ids[at] as number) };
      for (let i = at + 1; i < at + this.idsLength; i += 2)
        labels[this.strings.str(ids[i] as number)] = this.strings.str(ids[i + 1] as number);
      this.labelSet = labels;
    }
    return this.labelSet;
  }

  /** The interned id of the metric name. */
  get nameId(): number {
    return this.arena.data[this.idsAt] as number;
  }

  /** The interned id at position `i` of its tuple `[name, label1, value1, ...]`. */
  idAt(i: number): number {
    return this.arena.data[this.idsAt + i] as number;
  }

  get name(): string {
    return this.labelSet === undefined ? this.strings.str(this.nameId) : (this.labelSet.__name__ as string);
  }

  /** The value of label `name` (not `__name__`), if the series has it. */
  label(name: string): string | undefined {
    // a forgotten series answers from its labels: its ids may have moved and its strings been reused since
    if (this.labelSet !== undefined)
      return name !== '__name__' && Object.hasOwn(this.labelSet, name) ? this.labelSet[name] : undefined;
    const id = this.strings.lookup(name);
    if (id === undefined) return undefined;
    const ids = this.arena.data;
    const at = this.idsAt;
    for (let i = at + 1; i < at + this.idsLength; i += 2)
      if (ids[i] === id) return this.strings.str(ids[i + 1] as number);
    return undefined;
  }

  sameIds(ids: Int32Array, from: number, length: number): boolean {
    if (length !== this.idsLength) return false;
    const own = this.arena.data;
    const at = this.idsAt;
    for (let i = 0; i < length; i++) if (own[at + i] !== ids[from + i]) return false;
    return true;
  }

  get window(): SeriesWindow {
    return this;
  }

  /** seriesKey(name, labels without `__name__`), built on first use (most series never need it). */
  get key(): string {
    if (this.keyText === undefined) {
      const labels = this.labels;
      this.keyText = seriesKey(labels.__name__ as string, dropMetricName(labels));
    }
    return this.keyText;
  }
}

export interface AppendOutcome {
  series: StoredSeries;
  accepted: boolean;
}

/**
 * Per-series windows of recent points with an inverted label index (name -> value -> series) over the
 * label names that rules match with `=`.
 * Points older than `retentionMs` before the newest sample time are dropped; series left empty are
 * forgotten by `collect()`. Stale markers are kept as points so the engine sees them.
 */
export class WindowStore implements SeriesStore {
  /** Label strings as ids; a series is found by its id tuple (`seriesByIds`). */
  readonly strings = new StringInterner();
  private readonly arena = new IdArena();
  /** Where every window keeps its points. */
  private readonly slab = new DoubleSlab();
  private readonly table = new SeriesTable<StoredSeries>();
  /** Every series; removal compacts it (and the posting lists) once per `collect()`. */
  private all: StoredSeries[] = [];
  private scratch = new Int32Array(33);
  private readonly postings = new Map<string, Map<string, StoredSeries[]>>();
  /**
   * Whether `postings` is kept: only from the first selection on. Rules evaluated over the series a batch
   * touched never select, so a store serving only them never pays for indexing its series.
   */
  private postingsKept = false;
  /** Label names with posting lists: `__name__` and those that rules match with `=`. */
  private indexed: ReadonlySet<string> = new Set(['__name__']);
  /** Bumped whenever a series is forgotten: references to stored series kept elsewhere are then stale. */
  generation = 0;
  private retention: number;
  private newestT = -Infinity;
  private matchEpoch = 0;

  constructor(retentionMs: number) {
    this.retention = retentionMs;
  }

  get seriesCount(): number {
    return this.all.length;
  }

  get retentionMs(): number {
    return this.retention;
  }

  get maxT(): number {
    return this.newestT;
  }

  setRetention(ms: number): void {
    this.retention = ms;
  }

  /** Keeps posting lists for `__name__` and `names` only (the labels that rules match with `=`). */
  setIndexedLabels(names: Iterable<string>): void {
    const next = new Set(['__name__', ...names]);
    if (next.size === this.indexed.size && [...next].every((n) => this.indexed.has(n))) return;
    this.indexed = next;
    if (this.postingsKept) this.rebuildPostings();
  }

  append(name: string, labels: Labels, t: number, v: number): AppendOutcome {
    const series = this.series(name, labels);
    return { series, accepted: this.appendTo(series, t, v) };
  }

  /** The stored series of `name` + `labels`, created on first sight. */
  series(name: string, labels: Labels): StoredSeries {
    const length = this.idsOf(name, labels, true);
    return this.seriesByIds(this.scratch, 0, length);
  }

  /** The stored series of `name` + `labels` (without `__name__`), if any. */
  find(name: string, labels: Labels): StoredSeries | undefined {
    const length = this.idsOf(name, labels, false);
    return length < 0
      ? undefined
      : this.table.find(this.scratch, 0, length, hashIds(this.scratch, 0, length));
  }

  /** Writes the id tuple of name + labels (sorted) to `scratch`; -1 when a string is unknown and `intern` is false. */
  private idsOf(name: string, labels: Labels, intern: boolean): number {
    let names: string[] | undefined;
    let prev = '';
    for (const k in labels) {
      if (names === undefined && prev !== '' && k <= prev) names = Object.keys(labels).sort();
      prev = k;
    }
    names ??= Object.keys(labels);
    const length = 1 + 2 * names.length;
    if (this.scratch.length < length) this.scratch = new Int32Array(length);
    const ids = this.scratch;
    const id = (s: string): number => (intern ? this.strings.id(s) : (this.strings.lookup(s) ?? -1));
    ids[0] = id(name);
    for (let i = 0; i < names.length; i++) {
      const k = names[i] as string;
      ids[1 + 2 * i] = id(k);
      ids[2 + 2 * i] = id(labels[k] as string);
    }
    for (let i = 0; i < length; i++) if ((ids[i] as number) < 0) return -1;
    return length;
  }

  /**
   * The stored series with interned ids `ids[from..from+length)` (`[name, label, value, ...]`, labels sorted by
   * name, ids from `this.strings`), created on first sight.
   */
  seriesByIds(ids: Int32Array, from: number, length: number): StoredSeries {
    const hash = hashIds(ids, from, length);
    return this.table.find(ids, from, length, hash) ?? this.create(ids, from, length, hash);
  }

  /**
   * Appends one point; false when it is older than the retention behind the series' own newest point. Each
   * series keeps the retention behind its own newest point, not behind the newest of all: sources live in
   * their own time (see source-clocks.ts), so one sender's clock must not trim another's windows.
   */
  appendTo(series: StoredSeries, t: number, v: number, stale?: boolean): boolean {
    const newest = series.window.length > 0 ? series.window.lastT : -Infinity;
    if (t < newest - this.retention) return false;
    series.window.append(t, v, stale, this.retention);
    if (t > this.newestT) this.newestT = t;
    if (t > newest) series.window.trimBefore(t - this.retention);
    return true;
  }

  forEachSeries(visit: (series: StoredSeries) => void): void {
    for (const s of this.all) visit(s);
  }

  /** The stored series matching every matcher of any of `selectors`, each once. */
  matching(selectors: readonly LabelMatcher[][]): StoredSeries[] {
    const mark = ++this.matchEpoch;
    const out: StoredSeries[] = [];
    for (const matchers of selectors) {
      const compiled = compileMatchers(matchers);
      for (const s of this.candidates(matchers))
        if (s.matchMark !== mark && matchesAll(compiled, s.labels)) {
          s.matchMark = mark;
          out.push(s);
        }
    }
    return out;
  }

  select(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    return selectRange(this.candidates(matchers), matchers, minT, maxT);
  }

  selectLatest(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[] {
    return selectNewest(this.candidates(matchers), matchers, minT, maxT);
  }

  /**
   * Trims every window to the retention behind `nowOf(series)` (default: the newest sample of all) and forgets
   * empty series; returns how many were dropped.
   */
  collect(onDrop?: (key: string) => void, nowOf?: (series: StoredSeries) => number): number {
    const cutoff = this.newestT - this.retention;
    let dropped = 0;
    const kept: StoredSeries[] = [];
    for (const s of this.all) {
      s.window.trimBefore(nowOf === undefined ? cutoff : nowOf(s) - this.retention);
      if (s.window.length > 0) kept.push(s);
      else {
        this.remove(s);
        onDrop?.(s.key);
        dropped++;
      }
    }
    if (dropped > 0) {
      this.all = kept;
      if (this.postingsKept) this.rebuildPostings();
      if (this.arena.wasteful) this.arena.compact(kept);
    }
    this.strings.sweep();
    return dropped;
  }

  approxBytes(): number {
    let bytes = 0;
    for (const s of this.all) bytes += s.window.bytes + 96;
    return bytes + this.arena.byteLength;
  }

  private create(ids: Int32Array, from: number, length: number, hash: number): StoredSeries {
    for (let i = from; i < from + length; i++) this.strings.retain(ids[i] as number);
    const at = this.arena.add(ids, from, length);
    const series = new StoredSeries(this.strings, this.arena, at, length, hash, this.slab);
    this.all.push(series);
    this.table.add(series);
    if (this.postingsKept) this.index(series);
    return series;
  }

  private index(series: StoredSeries): void {
    for (const n of this.indexed) {
      const v = n === '__name__' ? series.name : series.label(n);
      if (v === undefined) continue;
      let values = this.postings.get(n);
      if (!values) this.postings.set(n, (values = new Map()));
      const list = values.get(v);
      if (list) list.push(series);
      else values.set(v, [series]);
    }
  }

  private rebuildPostings(): void {
    this.postings.clear();
    for (const s of this.all) this.index(s);
  }

  /** Forgets `s` except from `all` and the posting lists, which the caller (`collect`) rebuilds. */
  private remove(s: StoredSeries): void {
    this.generation++;
    this.table.remove(s);
    void s.labels; // built while its strings are still interned: they may be reused once released
    for (let i = 0; i < s.idsLength; i++) this.strings.release(s.idAt(i));
    this.arena.free(s.idsLength);
    s.window.release();
  }

  /** The smallest posting list among non-empty equality matchers on indexed labels, else every series. */
  private candidates(matchers: LabelMatcher[]): Iterable<StoredSeries> {
    if (!this.postingsKept) {
      this.postingsKept = true;
      this.rebuildPostings();
    }
    let best: StoredSeries[] | undefined;
    for (const m of matchers) {
      if (m.op !== '=' || m.value === '' || !this.indexed.has(m.name)) continue;
      const list = this.postings.get(m.name)?.get(m.value);
      if (!list) return NONE;
      if (!best || list.length < best.length) best = list;
    }
    return best ?? this.all;
  }
}
