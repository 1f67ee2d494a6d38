import { isStaleNaN, STALE_NAN } from '@streamwatch/metrics-core';
import type { Point } from '../promql/api';

const INITIAL_CAPACITY = 4;

/**
 * The recent points of one series as a ring in one array of unboxed doubles: times in `[0, capacity)`,
 * values in `[capacity, 2 * capacity)` (16 bytes a point, no object per point, one allocation per window).
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

  constructor(capacity = INITIAL_CAPACITY) {
    this.cap = capacity;
    this.buf = doubles(2 * capacity);
  }

  get length(): number {
    return this.size;
  }

  get lastT(): number {
    return this.size === 0 ? -Infinity : this.t(this.size - 1);
  }

  get firstT(): number {
    return this.size === 0 ? Infinity : this.t(0);
  }

  get bytes(): number {
    return 16 + 16 * this.cap + (this.marks ? this.cap * 8 : 0);
  }

  private slot(i: number): number {
    const at = this.head + i;
    return at < this.cap ? at : at - this.cap;
  }

  t(i: number): number {
    return this.buf[this.slot(i)] as number;
  }

  v(i: number): number {
    return this.stale(i) ? STALE_NAN : (this.buf[this.cap + this.slot(i)] as number);
  }

  /** True when the i-th point is a staleness marker. */
  stale(i: number): boolean {
    return this.marks !== undefined && this.marks[this.slot(i)] === 1;
  }

  append(t: number, v: number, stale = isStaleNaN(v)): void {
    if (this.size > 0 && t <= this.lastT) return this.insertOutOfOrder(t, v, stale);
    if (this.size === this.cap) this.resize(this.cap * 2);
    const at = this.slot(this.size);
    this.buf[at] = t;
    this.setValue(at, v, stale);
    this.size++;
  }

  private setValue(at: number, v: number, stale: boolean): void {
    this.buf[this.cap + at] = stale ? NaN : v;
    if (stale) (this.marks ??= new Array<number>(this.cap).fill(0))[at] = 1;
    else if (this.marks !== undefined) this.marks[at] = 0;
  }

  private insertOutOfOrder(t: number, v: number, stale: boolean): void {
    const i = this.lowerBound(t);
    if (i < this.size && this.t(i) === t) return this.setValue(this.slot(i), v, stale);
    if (this.size === this.cap) this.resize(this.cap * 2);
    const buf = this.buf;
    const marks = this.marks;
    for (let j = this.size; j > i; j--) {
      const to = this.slot(j);
      const from = this.slot(j - 1);
      buf[to] = buf[from] as number;
      buf[this.cap + to] = buf[this.cap + from] as number;
      if (marks !== undefined) marks[to] = marks[from] as number;
    }
    const at = this.slot(i);
    buf[at] = t;
    this.setValue(at, v, stale);
    this.size++;
  }

  /** Drops points older than `minT`; shrinks the arrays when they are mostly empty. */
  trimBefore(minT: number): void {
    while (this.size > 0 && (this.buf[this.head] as number) < minT) {
      this.head = this.head + 1 === this.cap ? 0 : this.head + 1;
      this.size--;
    }
    if (this.size === 0) this.head = 0;
    if (this.cap > INITIAL_CAPACITY * 2 && this.size * 4 <= this.cap) this.resize(this.cap / 2);
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
          : { t, v: this.buf[this.cap + this.slot(i)] as number },
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
        : { t, v: this.buf[this.cap + this.slot(i)] as number };
    }
    return undefined;
  }

  private resize(capacity: number): void {
    const buf = doubles(2 * capacity);
    const marks = this.marks === undefined ? undefined : new Array<number>(capacity).fill(0);
    for (let i = 0; i < this.size; i++) {
      const from = this.slot(i);
      buf[i] = this.buf[from] as number;
      buf[capacity + i] = this.buf[this.cap + from] as number;
      if (marks !== undefined) marks[i] = (this.marks as number[])[from] as number;
    }
    this.buf = buf;
    this.marks = marks;
    this.cap = capacity;
    this.head = 0;
  }
}

/** A plain array of doubles (8 bytes an element, unboxed): far cheaper to allocate than a typed array. */
function doubles(n: number): number[] {
  const a = new Array<number>(n);
  for (let i = 0; i < n; i++) a[i] = 0.5;
  return a;
}
