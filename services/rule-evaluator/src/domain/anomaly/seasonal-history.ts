/** One downsampled step of a series: values seen in [t, t + step). */
export interface HistoryBucket {
  t: number;
  count: number;
  sum: number;
  min: number;
  max: number;
}

/**
 * Step-downsampled history of one series (count/sum/min/max per bucket start). Buckets changed since the
 * last `takeDirty()` are remembered, so a persistence layer writes only those.
 */
export class SeasonalHistory {
  private readonly buckets = new Map<number, HistoryBucket>();
  private readonly dirty = new Set<number>();

  constructor(readonly stepMs: number) {}

  get size(): number {
    return this.buckets.size;
  }

  add(t: number, v: number): void {
    const start = t - (t % this.stepMs);
    const cur = this.buckets.get(start);
    if (cur) {
      cur.count++;
      cur.sum += v;
      cur.min = Math.min(cur.min, v);
      cur.max = Math.max(cur.max, v);
    } else this.buckets.set(start, { t: start, count: 1, sum: v, min: v, max: v });
    this.dirty.add(start);
  }

  /** Mean of the bucket holding `t`. */
  at(t: number): number | undefined {
    const cur = this.buckets.get(t - (t % this.stepMs));
    return cur ? cur.sum / cur.count : undefined;
  }

  trimBefore(t: number): void {
    for (const b of this.buckets.keys()) {
      if (b >= t) continue;
      this.buckets.delete(b);
      this.dirty.delete(b);
    }
  }

  /** Restored buckets fill gaps only: what this process has seen itself wins. */
  seed(buckets: Iterable<HistoryBucket>): number {
    let added = 0;
    for (const b of buckets) {
      if (b.t % this.stepMs !== 0 || this.buckets.has(b.t) || !(b.count > 0)) continue;
      this.buckets.set(b.t, { ...b });
      added++;
    }
    return added;
  }

  /** Buckets changed since the last call, oldest first; they count as clean afterwards. */
  takeDirty(): HistoryBucket[] {
    const out: HistoryBucket[] = [];
    for (const t of [...this.dirty].sort((a, b) => a - b)) {
      const b = this.buckets.get(t);
      if (b) out.push({ ...b });
    }
    this.dirty.clear();
    return out;
  }

  /** Marks buckets dirty again, e.g. after a failed write. */
  markDirty(ts: Iterable<number>): void {
    for (const t of ts) if (this.buckets.has(t)) this.dirty.add(t);
  }
}
