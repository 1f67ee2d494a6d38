import { BYTES_PER_POINT, isStaleNaN, STALE_NAN, type Sample } from '@streamwatch/metrics-core';
import type { KnownSeries } from './known-series';
import type { SeriesSlot } from './series-slot';

/**
 * The accepted points of one request, column-wise: point i is `timestamps[i]`, `values[i]` of `series[i]`,
 * a staleness marker when `stale[i]` is 1. No Sample object per point.
 */
export class AcceptedPoints {
  readonly series: KnownSeries[] = [];
  readonly timestamps: number[] = [];
  readonly values: number[] = [];
  readonly stale: number[] = [];
  /** Rough encoded size, for bounding Kafka sends. */
  bytes = 0;

  get length(): number {
    return this.series.length;
  }

  add(series: KnownSeries, timestampMs: number, value: number, stale: boolean): void {
    this.series.push(series);
    this.timestamps.push(timestampMs);
    this.values.push(value);
    this.stale.push(stale ? 1 : 0);
    // only valid series are accepted, and every valid series has a slot
    this.bytes += (series.slot as SeriesSlot).labelBytes + BYTES_PER_POINT;
  }

  addSample(series: KnownSeries, sample: Sample): void {
    this.add(series, sample.timestampMs, sample.value, sample.stale === true || isStaleNaN(sample.value));
  }

  /** The points as samples (for tests and fakes). */
  toSamples(): Sample[] {
    return this.series.map((s, i) => {
      const timestampMs = this.timestamps[i] as number;
      return this.stale[i] === 1
        ? { name: s.name, labels: s.labels, value: STALE_NAN, timestampMs, stale: true }
        : { name: s.name, labels: s.labels, value: this.values[i] as number, timestampMs };
    });
  }
}
