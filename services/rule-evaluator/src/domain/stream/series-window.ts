import type { Point } from '../promql/api';

const INITIAL_CAPACITY = 4;

/**
 * The recent points of one series as a ring of two typed arrays (16 bytes a point, no object per point).
 * Points stay ordered by time: an out-of-order point (within the allowed lateness) is inserted in place,
 * and a point with an existing timestamp replaces the value, as a duplicate write does in Prometheus.
 */
export class SeriesWindow {
  private ts: Float64Array;
  private vs: Float64Array;
  private head = 0;
  private size = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.ts = new Float64Array(capacity);
    this.vs = new Float64Array(capacity);
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
    return this.ts.byteLength + this.vs.byteLength;
  }

  t(i: number): number {
    return this.ts[(this.head + i) % this.ts.length] as number;
  }

  v(i: number): number {
    return this.vs[(this.head + i) % this.vs.length] as number;
  }

  append(t: number, v: number): void {
    if (this.size > 0 && t <= this.lastT) return this.insertOutOfOrder(t, v);
    if (this.size === this.ts.length) this.grow();
    const at = (this.head + this.size) % this.ts.length;
    this.ts[at] = t;
    this.vs[at] = v;
    this.size++;
  }

  private insertOutOfOrder(t: number, v: number): void {
    const i = this.lowerBound(t);
    if (i < this.size && this.t(i) === t) {
      this.vs[(this.head + i) % this.vs.length] = v;
      return;
    }
    if (this.size === this.ts.length) this.grow();
    for (let j = this.size; j > i; j--) {
      const to = (this.head + j) % this.ts.length;
      const from = (this.head + j - 1) % this.ts.length;
      this.ts[to] = this.ts[from] as number;
      this.vs[to] = this.vs[from] as number;
    }
    const at = (this.head + i) % this.ts.length;
    this.ts[at] = t;
    this.vs[at] = v;
    this.size++;
  }

  /** Drops points older than `minT`; shrinks the arrays when they are mostly empty. */
  trimBefore(minT: number): void {
    while (this.size > 0 && this.t(0) < minT) {
      this.head = (this.head + 1) % this.ts.length;
      this.size--;
    }
    if (this.size === 0) this.head = 0;
    if (this.ts.length > INITIAL_CAPACITY * 2 && this.size * 4 <= this.ts.length) this.resize(this.ts.length / 2);
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
      out.push({ t, v: this.v(i) });
    }
    return out;
  }

  private grow(): void {
    this.resize(this.ts.length * 2);
  }

  private resize(capacity: number): void {
    const ts = new Float64Array(capacity);
    const vs = new Float64Array(capacity);
    for (let i = 0; i < this.size; i++) {
      ts[i] = this.t(i);
      vs[i] = this.v(i);
    }
    this.ts = ts;
    this.vs = vs;
    this.head = 0;
  }
}
