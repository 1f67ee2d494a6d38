import {
  isStalePoint,
  readSinglePoints,
  type SampleBatchLayout,
  type Labels,
  type SampleBatch,
  type SampleBatchPointVisitor,
  type SampleBatchVisitor,
  type SampleSource,
} from '@streamwatch/metrics-core';
import type { StringInterner } from './string-interner';
import type { StoredSeries } from './window-store';

function grown<A extends Int32Array | Float64Array | Uint8Array>(
  a: A,
  need: number,
  make: (n: number) => A,
): A {
  if (need <= a.length) return a;
  const next = make(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/**
 * One decoded message as reusable columns: per series its interned id tuple (`[name, label, value, ...]`,
 * labels sorted by name) and its points, with no object per series or point. Filled from the wire format
 * (as a `SampleBatchVisitor`) or from a decoded `SampleBatch`, then applied by the scheduler.
 */
export class MessageColumns implements SampleBatchVisitor, SampleBatchPointVisitor {
  seriesCount = 0;
  /** Series i's ids are `ids[idStart[i] .. idStart[i+1])`, its points `[pointStart[i] .. pointStart[i+1])`. */
  idStart = new Int32Array(257);
  pointStart = new Int32Array(257);
  ids = new Int32Array(1024);
  ts = new Float64Array(1024);
  vs = new Float64Array(1024);
  stale = new Uint8Array(1024);
  /** Set when the message was read through a remembered layout: series i is `resolved[i]`, with no ids. */
  resolved: readonly StoredSeries[] | undefined = undefined;
  private idsLength = 0;
  private points = 0;
  private table: readonly string[] = [];
  private local = new Int32Array(256);
  /** Per message key, the last string table (canonical strings) and its ids: a steady producer repeats it. */
  private readonly tables = new Map<string, RememberedTable>();
  private key: string | null = null;
  /** Where the last message's samples came from (the wire header's source). */
  source: SampleSource = 'push';
  private reused = false;
  private firstOfKey = false;

  constructor(private readonly strings: StringInterner) {}

  clear(): void {
    this.resolved = undefined;
    this.seriesCount = 0;
    this.idsLength = 0;
    this.points = 0;
  }

  /** The Kafka message key of the next message (null: none), under which its string table is remembered. */
  forKey(key: string | null): this {
    this.key = key;
    return this;
  }

  begin(source: SampleSource, table: readonly string[]): void {
    this.clear();
    this.source = source;
    this.table = table;
    this.local = grown(this.local, table.length, (n) => new Int32Array(n));
    const known = this.key === null ? undefined : this.tables.get(this.key);
    this.firstOfKey = this.key !== null && known === undefined;
    this.reused =
      known !== undefined &&
      known.generation === this.strings.generation &&
      sameStrings(known.strings, table);
    if (this.reused) this.local.set((known as RememberedTable).ids);
    else this.local.fill(-1, 0, table.length);
  }

  /** True when the last message's string table repeated its key's previous one (a steady producer). */
  get tableRepeated(): boolean {
    return this.reused;
  }

  /** True when the last message was the first under its key (as far as the remembered tables go). */
  get firstOfItsKey(): boolean {
    return this.firstOfKey;
  }

  /** Prepares for a message read through a remembered layout (`visitSampleBatchPoints`) whose series are known. */
  forLayout(series: readonly StoredSeries[]): this {
    this.clear();
    this.resolved = series;
    return this;
  }

  /**
   * Reads a message through its key's remembered layout when its series carry one point each (the steady
   * case), straight into the columns; false when it is not such a message (nothing is read then).
   */
  readSingles(message: Buffer, layout: SampleBatchLayout, series: readonly StoredSeries[]): boolean {
    this.forLayout(series);
    const n = layout.seriesCount;
    if (this.ts.length < n) {
      this.ts = new Float64Array(n);
      this.vs = new Float64Array(n);
      this.stale = new Uint8Array(n);
    }
    if (readSinglePoints(message, layout, this.ts, this.vs, this.stale) < 0) return false;
    // the series are `resolved`: no ids to read, one point each
    this.pointStart = grown(this.pointStart, n + 1, (k) => new Int32Array(k));
    const pointStart = this.pointStart;
    for (let i = 0; i <= n; i++) pointStart[i] = i;
    this.seriesCount = n;
    this.points = n;
    return true;
  }

  seriesStart(): void {
    this.startSeries(0);
  }

  /** Call once the message was applied: remembers its string table for the key's next message. */
  remember(): void {
    if (this.key === null || this.reused) return;
    if (this.tables.size >= MAX_REMEMBERED) this.tables.clear();
    const n = this.table.length;
    const ids = this.local.slice(0, n);
    const strings = new Array<string>(n);
    for (let i = 0; i < n; i++)
      strings[i] = (ids[i] as number) >= 0 ? this.strings.str(ids[i] as number) : (this.table[i] as string);
    this.tables.set(this.key, { strings, ids, generation: this.strings.generation });
  }

  series(nameRef: number, refs: Int32Array, labelCount: number): void {
    const table = this.table;
    let sorted = true;
    for (let j = 2; j < 2 * labelCount && sorted; j += 2)
      sorted = (table[refs[j] as number] as string) > (table[refs[j - 2] as number] as string);
    if (!sorted) return this.seriesFromStrings(table[nameRef] as string, pairsOf(table, refs, labelCount));
    this.startSeries(1 + 2 * labelCount);
    const ids = this.ids;
    let at = this.idsLength;
    ids[at++] = this.localId(nameRef);
    for (let j = 0; j < 2 * labelCount; j++) ids[at++] = this.localId(refs[j] as number);
    this.idsLength = at;
  }

  point(timestampMs: number, value: number, stale: boolean): void {
    const at = this.points++;
    if (at >= this.ts.length) {
      this.ts = grown(this.ts, at + 1, (n) => new Float64Array(n));
      this.vs = grown(this.vs, at + 1, (n) => new Float64Array(n));
      this.stale = grown(this.stale, at + 1, (n) => new Uint8Array(n));
    }
    this.ts[at] = timestampMs;
    this.vs[at] = value;
    this.stale[at] = stale ? 1 : 0;
    this.pointStart[this.seriesCount] = this.points;
  }

  /** Fills the columns from an already decoded batch. */
  fromBatch(batch: SampleBatch): this {
    this.clear();
    this.key = null;
    this.source = batch.source;
    for (const s of batch.series) {
      this.seriesFromLabels(s.name, s.labels);
      for (const p of s.points) this.point(p.timestampMs, p.value, isStalePoint(p));
    }
    return this;
  }

  private seriesFromLabels(name: string, labels: Labels): void {
    let count = 0;
    let prev: string | undefined;
    for (const k in labels) {
      if (prev !== undefined && k <= prev)
        return this.seriesFromStrings(name, Object.entries(labels) as Array<[string, string]>);
      prev = k;
      count++;
    }
    this.startSeries(1 + 2 * count);
    let at = this.idsLength;
    this.ids[at++] = this.strings.id(name);
    for (const k in labels) {
      this.ids[at++] = this.strings.id(k);
      this.ids[at++] = this.strings.id(labels[k] as string);
    }
    this.idsLength = at;
  }

  private seriesFromStrings(name: string, pairs: Array<[string, string]>): void {
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.startSeries(1 + 2 * pairs.length);
    let at = this.idsLength;
    this.ids[at++] = this.strings.id(name);
    for (const [k, v] of pairs) {
      this.ids[at++] = this.strings.id(k);
      this.ids[at++] = this.strings.id(v);
    }
    this.idsLength = at;
  }

  private startSeries(idCount: number): void {
    const i = this.seriesCount++;
    this.idStart = grown(this.idStart, i + 2, (n) => new Int32Array(n));
    this.pointStart = grown(this.pointStart, i + 2, (n) => new Int32Array(n));
    this.ids = grown(this.ids, this.idsLength + idCount, (n) => new Int32Array(n));
    this.idStart[i] = this.idsLength;
    this.idStart[i + 1] = this.idsLength + idCount;
    this.pointStart[i] = this.points;
    this.pointStart[i + 1] = this.points;
  }

  private localId(ref: number): number {
    const known = this.local[ref] as number;
    if (known >= 0) return known;
    const id = this.strings.id(this.table[ref] as string);
    this.local[ref] = id;
    return id;
  }
}

const MAX_REMEMBERED = 100_000;

interface RememberedTable {
  strings: string[];
  ids: Int32Array;
  generation: number;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Label pairs of an unsorted wire series; a repeated name keeps its last value, as decodeSampleBatch does. */
function pairsOf(table: readonly string[], refs: Int32Array, labelCount: number): Array<[string, string]> {
  const labels: Labels = {};
  for (let j = 0; j < labelCount; j++)
    labels[table[refs[2 * j] as number] as string] = table[refs[2 * j + 1] as number] as string;
  return Object.entries(labels);
}
