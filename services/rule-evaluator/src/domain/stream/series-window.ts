import { isStaleNaN, STALE_NAN } from '@streamwatch/metrics-core';
import type { Point } from '../promql/api';
import { DoubleSlab } from './double-slab';

const INITIAL_CAPACITY = 4;
/** A window grown from its spacing gets at most this many points at once; beyond, it doubles. */
const MAX_HINTED_CAPACITY = 256;

/** Where the oldest time, the newest time and the newest value sit in a window's region, before the ring. */
const OLDEST_T = 0;
const NEWEST_T = 1;
const NEWEST_V = 2;
const RING = 3;

/**
 * The recent points of one series as a ring of (time, value) pairs in one region of unboxed doubles, taken from
 * a `DoubleSlab`: pair i at `[RING + 2i, RING + 2i + 1]` of the region, so a point's time and value share a
 * cache line (16 bytes a point, no object per point, nothing on the JS heap). The oldest time, the newest time
 * and value head the region, so appending in order and trimming need not find them in the ring.
 * Staleness markers are flagged in a side array, created with the first marker, so they stay distinct from
 * ordinary NaNs whatever V8 does to NaN payloads; they are read back as STALE_NAN.
 * Points stay ordered by time: an out-of-order point (within the allowed lateness) is inserted in place,
 * and a point with an existing timestamp replaces the value, as a duplicate write does in Prometheus.
 * A window whose region was given back (`release`) is empty, and takes a new one if appended to.
 */
export class SeriesWindow {
  private data: Float64Array;
  private at: number;
  private cap: number;
  private marks: number[] | undefined = undefined;
  private head = 0;
  private size = 0;
  private newestStale = false;

  constructor(
    capacity = INITIAL_CAPACITY,
    private readonly slab: DoubleSlab = new DoubleSlab(1),
  ) {
    this.cap = capacity;
    this.at = slab.take(RING + 2 * capacity);
    this.data = slab.taken;
    this.clearHead();
  }

  private clearHead(): void {
    const data = this.data;
    const at = this.at;
    data[at + OLDEST_T] = Infinity;
    data[at + NEWEST_T] = -Infinity;
    data[at + NEWEST_V] = NaN;
  }

  /** Gives the window's region back to its slab; the window is then empty. */
  release(): void {
    if (this.cap > 0) this.slab.give(this.data, this.at, RING + 2 * this.cap);
    this.data = HEAD_ONLY;
    this.at = 0;
    this.cap = 0;
    this.marks = undefined;
    this.head = 0;
    this.size = 0;
    this.newestStale = false;
  }

  get length(): number {
    return this.size;
  }

  get lastT(): number {
    return this.data[this.at + NEWEST_T] as number;
  }

  get firstT(): number {
    return this.data[this.at + OLDEST_T] as number;
  }

  /** The newest point's value (NaN when empty or a staleness marker). */
  get lastV(): number {
    return this.data[this.at + NEWEST_V] as number;
  }

  /** True when the newest point is a staleness marker. */
  get lastStale(): boolean {
    return this.newestStale;
  }

  get bytes(): number {
    return 16 + 8 * RING + 16 * this.cap + (this.marks ? this.cap * 8 : 0);
  }

  private slot(i: number): number {
    const at = this.head + i;
    return at < this.cap ? at : at - this.cap;
  }

  t(i: number): number {
    return this.data[this.at + RING + 2 * this.slot(i)] as number;
  }

  v(i: number): number {
    return this.stale(i) ? STALE_NAN : (this.data[this.at + RING + 2 * this.slot(i) + 1] as number);
  }

  /** True when the i-th point is a staleness marker. */
  stale(i: number): boolean {
    return this.marks !== undefined && this.marks[this.slot(i)] === 1;
  }

  /**
   * Appends a point. `spanMs`, when given, is how much time the window is expected to hold: a full window
   * then grows at once to what that span takes at the points' spacing so far (bounded), not only doubling.
   */
  append(t: number, v: number, stale = isStaleNaN(v), spanMs = 0): void {
    if (t <= (this.data[this.at + NEWEST_T] as number)) return this.insertOutOfOrder(t, v, stale);
    if (this.size === this.cap) this.resize(this.grownCapacity(t, spanMs));
    const data = this.data;
    const base = this.at;
    const at = this.slot(this.size);
    data[base + RING + 2 * at] = t;
    this.setValue(at, v, stale);
    if (this.size === 0) data[base + OLDEST_T] = t;
    data[base + NEWEST_T] = t;
    data[base + NEWEST_V] = stale ? NaN : v;
    this.newestStale = stale;
    this.size++;
  }

  private setValue(at: number, v: number, stale: boolean): void {
    this.data[this.at + RING + 2 * at + 1] = stale ? NaN : v;
    if (stale) (this.marks ??= new Array<number>(this.cap).fill(0))[at] = 1;
    else if (this.marks !== undefined) this.marks[at] = 0;
  }

  private insertOutOfOrder(t: number, v: number, stale: boolean): void {
    const i = this.lowerBound(t);
    if (i < this.size && this.t(i) === t) {
      if (i === this.size - 1) {
        this.data[this.at + NEWEST_V] = stale ? NaN : v;
        this.newestStale = stale;
      }
      return this.setValue(this.slot(i), v, stale);
    }
    if (this.size === this.cap) this.resize(this.cap * 2);
    const data = this.data;
    const ring = this.at + RING;
    const marks = this.marks;
    for (let j = this.size; j > i; j--) {
      const to = this.slot(j);
      const from = this.slot(j - 1);
      data[ring + 2 * to] = data[ring + 2 * from] as number;
      data[ring + 2 * to + 1] = data[ring + 2 * from + 1] as number;
      if (marks !== undefined) marks[to] = marks[from] as number;
    }
    const at = this.slot(i);
    data[ring + 2 * at] = t;
    this.setValue(at, v, stale);
    if (i === 0) data[this.at + OLDEST_T] = t;
    this.size++;
  }

  /** Drops points older than `minT`; shrinks the arrays when they are mostly empty. */
  trimBefore(minT: number): void {
    const data = this.data;
    const base = this.at;
    if ((data[base + OLDEST_T] as number) >= minT) return;
    while (this.size > 0 && (data[base + RING + 2 * this.head] as number) < minT) {
      this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
      this.size--;
    }
    if (this.size === 0) {
      this.head = 0;
      this.clearHead();
      this.newestStale = false;
    } else data[base + OLDEST_T] = data[base + RING + 2 * this.head] as number;
    if (this.cap > INITIAL_CAPACITY * 2 && this.size * 4 <= this.cap) this.resize(Math.ceil(this.cap / 2));
  }

  /** Index of the first point with time >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Points with minT <= t <= maxT, ascending. */
  range(minT: number, maxT: number): Point[] {
    const out: Point[] = [];
    for (let i = this.lowerBound(minT); i < this.size; i++) {
      const t = this.t(i);
      if (t > maxT) break;
      out.push(
        this.stale(i)
          ? { t, v: STALE_NAN, stale: true }
          : { t, v: this.data[this.at + RING + 2 * this.slot(i) + 1] as number },
      );
    }
    return out;
  }

  /** The newest point with minT <= t <= maxT, or undefined (what an instant selector reads). */
  latest(minT: number, maxT: number): Point | undefined {
    for (let i = this.size - 1; i >= 0; i--) {
      const t = this.t(i);
      if (t > maxT) continue;
      if (t < minT) return undefined;
      return this.stale(i)
        ? { t, v: STALE_NAN, stale: true }
        : { t, v: this.data[this.at + RING + 2 * this.slot(i) + 1] as number };
    }
    return undefined;
  }

  private grownCapacity(nextT: number, spanMs: number): number {
    const spacing = (nextT - (this.data[this.at + OLDEST_T] as number)) / this.size;
    const need = spanMs > 0 && spacing > 0 ? Math.ceil(spanMs / spacing) + 2 : 0;
    return Math.max(this.cap * 2, Math.min(need, MAX_HINTED_CAPACITY));
  }

  private resize(wanted: number): void {
    const capacity = capacityClass(wanted);
    const from = this.data;
    const base = this.at;
    const at = this.slab.take(RING + 2 * capacity);
    const data = this.slab.taken;
    const marks = this.marks === undefined ? undefined : new Array<number>(capacity).fill(0);
    data[at + OLDEST_T] = from[base + OLDEST_T] as number;
    data[at + NEWEST_T] = from[base + NEWEST_T] as number;
    data[at + NEWEST_V] = from[base + NEWEST_V] as number;
    for (let i = 0; i < this.size; i++) {
      const slot = this.slot(i);
      data[at + RING + 2 * i] = from[base + RING + 2 * slot] as number;
      data[at + RING + 2 * i + 1] = from[base + RING + 2 * slot + 1] as number;
      if (marks !== undefined) marks[i] = (this.marks as number[])[slot] as number;
    }
    if (this.cap > 0) this.slab.give(from, base, RING + 2 * this.cap);
    this.data = data;
    this.at = at;
    this.marks = marks;
    this.cap = capacity;
    this.head = 0;
  }
}

/**
 * `n` rounded up to a window size the slab keeps chunks for: 4 to 8, then four sizes per doubling (8, 10, 12,
 * 14, 16, 20, 24, 28, 32, 40, ...), so windows of nearby sizes share chunks and reuse each other's regions,
 * for at most a quarter more room than asked. Never below the initial capacity, so a released window (no room
 * at all) gets room on its next write, whichever way it is written.
 */
function capacityClass(n: number): number {
  if (n <= 8) return Math.max(n, INITIAL_CAPACITY);
  const step = 2 ** Math.floor(Math.log2(n - 1)) / 4;
  return Math.ceil(n / step) * step;
}

/** The region of a released window: its head only (empty), never written. */
const HEAD_ONLY = Float64Array.of(Infinity, -Infinity, NaN);
