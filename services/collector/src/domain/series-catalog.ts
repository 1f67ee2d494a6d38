import type { Labels, SampleLimits } from '@streamwatch/metrics-core';
import { copyBytes, hashBytes, sameBytes } from './byte-identity';
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

/** A series remembered by its encoded bytes; entries whose bytes hash alike are chained. */
interface ByteEntry {
  bytes: DataView;
  series: ResolvedSeries;
  next: ByteEntry | undefined;
}

/**
 * Remembers decoded and checked series by their encoded identity, so a series sent again is neither decoded
 * nor validated again: by exact bytes (a remote-write series' raw labels) or by an exact string id (a
 * pushed series). Bounded: each kind keeps two generations of at most `generationSize` series; a series
 * unseen for two generations is decoded and checked afresh.
 */
export class SeriesCatalog {
  private current = new Map<string, ResolvedSeries>();
  private previous = new Map<string, ResolvedSeries>();
  private currentBytes = new Map<number, ByteEntry>();
  private previousBytes = new Map<number, ByteEntry>();
  private currentBytesSize = 0;
  private previousBytesSize = 0;

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
    const series = this.check(decode());
    return id === undefined ? series : this.remember(id, series);
  }

  /** The series encoded as `view[start, end)`, remembered by those exact bytes; `decode(context)` when new. */
  resolveBytes<C>(
    view: DataView,
    start: number,
    end: number,
    decode: (context: C) => DecodedSeries,
    context: C,
  ): ResolvedSeries {
    const hash = hashBytes(view, start, end);
    for (let e = this.currentBytes.get(hash); e !== undefined; e = e.next)
      if (sameBytes(view, start, end, e.bytes)) return e.series;
    for (let e = this.previousBytes.get(hash); e !== undefined; e = e.next)
      if (sameBytes(view, start, end, e.bytes)) return this.rememberBytes(hash, e.bytes, e.series);
    return this.rememberBytes(hash, copyBytes(view, start, end), this.check(decode(context)));
  }

  get size(): number {
    return this.current.size + this.previous.size + this.currentBytesSize + this.previousBytesSize;
  }

  private check(series: ResolvedSeries): ResolvedSeries {
    if (series.duplicate === undefined) series.known = inspectSeries(series.name, series.labels, this.limits);
    return series;
  }

  private remember(id: string, series: ResolvedSeries): ResolvedSeries {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(id, series);
    return series;
  }

  private rememberBytes(hash: number, bytes: DataView, series: ResolvedSeries): ResolvedSeries {
    if (this.currentBytesSize >= this.generationSize) {
      this.previousBytes = this.currentBytes;
      this.previousBytesSize = this.currentBytesSize;
      this.currentBytes = new Map();
      this.currentBytesSize = 0;
    }
    this.currentBytes.set(hash, { bytes, series, next: this.currentBytes.get(hash) });
    this.currentBytesSize++;
    return series;
  }
}

/** What resolving a remote-write request's series needs of the catalog. */
export type SeriesLookup = Pick<SeriesCatalog, 'resolve' | 'resolveBytes'>;

export type SeriesResolver = (id: string | undefined, decode: () => DecodedSeries) => ResolvedSeries;
