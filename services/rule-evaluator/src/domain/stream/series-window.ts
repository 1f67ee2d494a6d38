import { isStaleNaN } from '@streamwatch/metrics-core';
import type { Point } from '../promql/api';

const INITIAL_CAPACITY = 4;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = 1 - HI;

/**
 * The recent points of one series as a ring of two typed arrays (16 bytes a point, no object per point).
 * A staleness marker is written and recognised by its bit pattern through an integer view, so V8's NaN
 * canonicalisation cannot turn it into an ordinary NaN.
 * Points stay ordered by time: an out-of-order point (within the allowed lateness) is inserted in place,
 * and a point with an existing timestamp replaces the value, as a duplicate write does in Prometheus.
 */
export class SeriesWindow {
  private ts: Float64Array;
  private vs: Float64Array;
  private bits: Uint32Array;
  private head = 0;
  private size = 0;

  constructor(capacity = INITIAL_CAPACITY) {
    this.ts = new Float64Array(capacity);
    this.vs = new Float64Array(capacity);
    this.bits = new Uint32Array(this.vs.buffer);
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

  /** True when the i-th point is a staleness marker. */
  stale(i: number): boolean {
    const at = ((this.head + i) % this.vs.length) * 2;
    return this.bits[at + HI] === 0x7ff00000 && this.bits[at + LO] === 2;
  }

  append(t: number, v: number, stale = isStaleNaN(v)): void {
    if (this.size > 0 && t <= this.lastT) return this.insertOutOfOrder(t, v, stale);
    if (this.size === this.ts.length) this.grow();
    const at = (this.head + this.size) % this.ts.length;
    this.ts[at] = t;
    this.setValue(at, v, stale);
    this.size++;
  }

  private setValue(at: number, v: number, stale: boolean): void {
    if (!stale) {
      this.vs[at] = v;
      return;
    }
    this.bits[at * 2 + HI] = 0x7ff00000;
    this.bits[at * 2 + LO] = 2;
  }

  private insertOutOfOrder(t: number, v: number, stale: boolean): void {
    const i = this.lowerBound(t);
    if (i < this.size && this.t(i) === t) {
      this.setValue((this.head + i) % this.vs.length, v, stale);
      return;
    }
    if (this.size === this.ts.length) this.grow();
    for (let j = this.size; j > i; j--) {
      const to = (this.head + j) % this.ts.length;
      const from = (this.head + j - 1) % this.ts.length;
      this.ts[to] = this.ts[from] as number;
      this.bits[to * 2] = this.bits[from * 2] as number;
      this.bits[to * 2 + 1] = this.bits[from * 2 + 1] as number;
    }
    const at = (this.head + i) % this.ts.length;
    this.ts[at] = t;
    this.setValue(at, v, stale);
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
      out.push(this.stale(i) ? { t, v: this.v(i), stale: true } : { t, v: this.v(i) });
    }
    return out;
  }

  private grow(): void {
    this.resize(this.ts.length * 2);
  }

  private resize(capacity: number): void {
    const ts = new Float64Array(capacity);
    const vs = new Float64Array(capacity);
    const bits = new Uint32Array(vs.buffer);
    for (let i = 0; i < this.size; i++) {
      const from = ((this.head + i) % this.ts.length) * 2;
      ts[i] = this.t(i);
      bits[i * 2] = this.bits[from] as number;
      bits[i * 2 + 1] = this.bits[from + 1] as number;
    }
    this.ts = ts;
    this.vs = vs;
    this.bits = bits;
    this.head = 0;
  }
}
