import { isStaleNaN, STALE_NAN } from '@streamwatch/metrics-core';
import type { Point } from '../promql/api';

const INITIAL_CAPACITY = 4;
/** A window grown from its spacing gets at most this many points at once; beyond, it doubles. */
const MAX_HINTED_CAPACITY = 256;

/** Where the oldest time, the newest time and the newest value sit in `buf`, before the ring. */
const OLDEST_T = 0;
const NEWEST_T = 1;
const NEWEST_V = 2;
const RING = 3;

/**
 * The recent points of one series as a ring of (time, value) pairs in one array of unboxed doubles: pair i
 * at `[RING + 2i, RING + 2i + 1]`, so a point's time and value share a cache line (16 bytes a point, no object
 * per point, one allocation per window). The oldest time, the newest time and value head the same array, so
 * appending in order and trimming need not find them in the ring, and a window holds no boxed double fields
 * (each would be an object of its own, allocated with every new series).
 * Staleness markers are flagged in a side array, created with the first marker, so they stay distinct from
 * ordinary NaNs whatever V8 does to NaN payloads; they are read back as STALE_NAN.
 * Points stay ordered by time: an out-of-order point (within the allowed lateness) is inserted in place,
 * and a point with an existing timestamp replaces the value, as a duplicate write does in Prometheus.
 */
export class SeriesWindow {
  private buf: number[];
  private cap: number;
  private marks: number[] | undefined = undefined;
  private head = 0;
  private size = 0;
  private newestStale = false;

  constructor(capacity = INITIAL_CAPACITY) {
    this.cap = capacity;
    this.buf = emptyWindow(capacity);
  }

  get length(): number {
    return this.size;
  }

  get lastT(): number {
    return this.buf[NEWEST_T] as number;
  }

  get firstT(): number {
    return this.buf[OLDEST_T] as number;
  }

  /** The newest point's value (NaN when empty or a staleness marker). */
  get lastV(): number {
    return this.buf[NEWEST_V] as number;
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
    return this.buf[RING + 2 * this.slot(i)] as number;
  }

  v(i: number): number {
    return this.stale(i) ? STALE_NAN : (this.buf[RING + 2 * this.slot(i) + 1] as number);
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
    if (t <= (this.buf[NEWEST_T] as number)) return this.insertOutOfOrder(t, v, stale);
    if (this.size === this.cap) this.resize(this.grownCapacity(t, spanMs));
    const buf = this.buf;
    const at = this.slot(this.size);
    buf[RING + 2 * at] = t;
    this.setValue(at, v, stale);
    if (this.size === 0) buf[OLDEST_T] = t;
    buf[NEWEST_T] = t;
    buf[NEWEST_V] = stale ? NaN : v;
    this.newestStale = stale;
    this.size++;
  }

  private setValue(at: number, v: number, stale: boolean): void {
    this.buf[RING + 2 * at + 1] = stale ? NaN : v;
    if (stale) (this.marks ??= new Array<number>(this.cap).fill(0))[at] = 1;
    else if (this.marks !== undefined) this.marks[at] = 0;
  }

  private insertOutOfOrder(t: number, v: number, stale: boolean): void {
    const i = this.lowerBound(t);
    if (i < this.size && this.t(i) === t) {
      if (i === this.size - 1) {
        this.buf[NEWEST_V] = stale ? NaN : v;
        this.newestStale = stale;
      }
      return this.setValue(this.slot(i), v, stale);
    }
    if (this.size === this.cap) this.resize(this.cap * 2);
    const buf = this.buf;
    const marks = this.marks;
    for (let j = this.size; j > i; j--) {
      const to = this.slot(j);
      const from = this.slot(j - 1);
      buf[RING + 2 * to] = buf[RING + 2 * from] as number;
      buf[RING + 2 * to + 1] = buf[RING + 2 * from + 1] as number;
      if (marks !== undefined) marks[to] = marks[from] as number;
    }
    const at = this.slot(i);
    buf[RING + 2 * at] = t;
    this.setValue(at, v, stale);
    if (i === 0) buf[OLDEST_T] = t;
    this.size++;
  }

  /** Drops points older than `minT`; shrinks the arrays when they are mostly empty. */
  trimBefore(minT: number): void {
    const buf = this.buf;
    if ((buf[OLDEST_T] as number) >= minT) return;
    while (this.size > 0 && (buf[RING + 2 * this.head] as number) < minT) {
      this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
      this.size--;
    }
    if (this.size === 0) {
      this.head = 0;
      buf[OLDEST_T] = Infinity;
      buf[NEWEST_T] = -Infinity;
      buf[NEWEST_V] = NaN;
      this.newestStale = false;
    } else buf[OLDEST_T] = buf[RING + 2 * this.head] as number;
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
          : { t, v: this.buf[RING + 2 * this.slot(i) + 1] as number },
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
        : { t, v: this.buf[RING + 2 * this.slot(i) + 1] as number };
    }
    return undefined;
  }

  private grownCapacity(nextT: number, spanMs: number): number {
    const spacing = (nextT - (this.buf[OLDEST_T] as number)) / this.size;
    const need = spanMs > 0 && spacing > 0 ? Math.ceil(spanMs / spacing) + 2 : 0;
    return Math.max(this.cap * 2, Math.min(need, MAX_HINTED_CAPACITY));
  }

  private resize(capacity: number): void {
    const buf = doubles(RING + 2 * capacity);
    const marks = this.marks === undefined ? undefined : new Array<number>(capacity).fill(0);
    buf[OLDEST_T] = this.buf[OLDEST_T] as number;
    buf[NEWEST_T] = this.buf[NEWEST_T] as number;
    buf[NEWEST_V] = this.buf[NEWEST_V] as number;
    for (let i = 0; i < this.size; i++) {
      const from = this.slot(i);
      buf[RING + 2 * i] = this.buf[RING + 2 * from] as number;
      buf[RING + 2 * i + 1] = this.buf[RING + 2 * from + 1] as number;
      if (marks !== undefined) marks[i] = (this.marks as number[])[from] as number;
    }
    this.buf = buf;
    this.marks = marks;
    this.cap = capacity;
    this.head = 0;
  }
}

/** The array of an empty window with room for `capacity` points. */
function emptyWindow(capacity: number): number[] {
  const buf = doubles(RING + 2 * capacity);
  buf[OLDEST_T] = Infinity;
  buf[NEWEST_T] = -Infinity;
  buf[NEWEST_V] = NaN;
  return buf;
}

/** A plain array of doubles (8 bytes an element, unboxed): far cheaper to allocate than a typed array. */
function doubles(n: number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = 0.5;
  return a;
}
