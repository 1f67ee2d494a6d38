import type { Labels, SampleLimits } from '@streamwatch/metrics-core';
import { inspectSeries, type KnownSeries } from './known-series';

/** A decoded series: its labels, or the label that appears twice (which rejects all its samples). */
export interface DecodedSeries {
  name: string;
  labels: Labels;
  duplicate?: string;
}

export interface ResolvedSeries extends DecodedSeries {
  /** Absent for a series with a duplicate label. */
  known?: KnownSeries;
}

/**
 * Remembers decoded and checked series by their encoded identity (e.g. the raw label bytes of a remote-write
 * series), so a series sent again is neither decoded nor validated again. Bounded: two generations of at
 * most `generationSize` entries; a series unseen for two generations is decoded and checked afresh.
 */
export class SeriesCatalog {
  private current = new Map<string, ResolvedSeries>();
  private previous = new Map<string, ResolvedSeries>();

  constructor(
    private readonly limits: SampleLimits,
    private readonly generationSize = 50_000,
  ) {}

  /** `id` identifies the encoded series exactly (same id = same bytes); undefined = do not remember. */
  resolve(id: string | undefined, decode: () => DecodedSeries): ResolvedSeries {
    if (id !== undefined) {
      const hit = this.current.get(id);
      if (hit !== undefined) return hit;
      const old = this.previous.get(id);
      if (old !== undefined) return this.remember(id, old);
    }
    const series: ResolvedSeries = decode();
    if (series.duplicate === undefined) series.known = inspectSeries(series.name, series.labels, this.limits);
    return id === undefined ? series : this.remember(id, series);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private remember(id: string, series: ResolvedSeries): ResolvedSeries {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(id, series);
    return series;
  }
}

export type SeriesResolver = (id: string | undefined, decode: () => DecodedSeries) => ResolvedSeries;
