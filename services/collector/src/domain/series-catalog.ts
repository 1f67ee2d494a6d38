import type { Labels, SampleLimits } from '@streamwatch/metrics-core';
import { copyBytes, hashBytes, sameBytes } from './byte-identity';
import { fieldsOf, hashFields, sameFields } from './field-identity';
import { HashChains } from './hash-chains';
import { OrderGuess, type Followed } from './order-guess';
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

interface ByteEntry extends Followed<ByteEntry> {
  bytes: DataView;
  series: ResolvedSeries;
  next: ByteEntry | undefined;
}

interface FieldEntry extends Followed<FieldEntry> {
  fields: string[];
  series: ResolvedSeries;
  next: FieldEntry | undefined;
}

/**
 * Remembers decoded and checked series by their encoded identity, so a series sent again is neither decoded
 * nor validated again: by exact bytes (a remote-write series' raw labels) or by exact fields (a pushed
 * series' name and labels in their order). Bounded: each kind keeps two generations of at most
 * `generationSize` series; a series unseen for two generations is decoded and checked afresh.
 */
export class SeriesCatalog {
  private readonly byBytes: HashChains<ByteEntry>;
  private readonly byFields: HashChains<FieldEntry>;
  // entries come from the current generation (found there or added), so a guess never reaches a dropped one
  private readonly bytesOrder = new OrderGuess<ByteEntry>();
  private readonly fieldsOrder = new OrderGuess<FieldEntry>();

  constructor(
    private readonly limits: SampleLimits,
    generationSize = 50_000,
    private readonly seed = (Math.random() * 0x100000000) >>> 0,
  ) {
    this.byBytes = new HashChains(generationSize);
    this.byFields = new HashChains(generationSize);
  }

  /** A series that is not to be remembered: decoded and checked. */
  check(series: DecodedSeries): ResolvedSeries {
    const resolved: ResolvedSeries = series;
    if (series.duplicate === undefined)
      resolved.known = inspectSeries(series.name, series.labels, this.limits);
    return resolved;
  }

  /**
   * The series encoded as `view[start, end)`, remembered by those exact bytes; `decode(context)` when new.
   * The series that followed the previous one last time is compared first (see `OrderGuess`).
   */
  resolveBytes<C>(
    view: DataView,
    start: number,
    end: number,
    decode: (context: C) => DecodedSeries,
    context: C,
  ): ResolvedSeries {
    const guess = this.bytesOrder.next();
    const entry =
      guess !== undefined && sameBytes(view, start, end, guess.bytes)
        ? guess
        : this.byteEntry(view, start, end, decode, context);
    return this.bytesOrder.resolved(entry).series;
  }

  private byteEntry<C>(
    view: DataView,
    start: number,
    end: number,
    decode: (context: C) => DecodedSeries,
    context: C,
  ): ByteEntry {
    const hash = hashBytes(view, start, end, this.seed);
    for (let e = this.byBytes.head(hash); e !== undefined; e = e.next)
      if (sameBytes(view, start, end, e.bytes)) return e;
    let bytes: DataView | undefined;
    let series: ResolvedSeries | undefined;
    for (let e = this.byBytes.oldHead(hash); e !== undefined && series === undefined; e = e.next)
      if (sameBytes(view, start, end, e.bytes)) ({ bytes, series } = e);
    bytes ??= copyBytes(view, start, end);
    series ??= this.check(decode(context));
    return this.byBytes.add(hash, (next) => ({
      bytes: bytes as DataView,
      series: series as ResolvedSeries,
      next,
      after: undefined,
    }));
  }

  /**
   * A pushed series, remembered by its name and labels in their order (the labels object of the first
   * sample that named it is shared); undefined when the name or a label value is not a string. As with
   * `resolveBytes`, the series that followed the previous one last time is compared first.
   */
  resolveFields(name: unknown, labels: Labels): ResolvedSeries | undefined {
    const guess = this.fieldsOrder.next();
    // stored fields are strings: a match means the name and every label value are strings too
    const entry =
      guess !== undefined && sameFields(name as string, labels, guess.fields)
        ? guess
        : this.fieldEntry(name, labels);
    return entry === undefined ? undefined : this.fieldsOrder.resolved(entry).series;
  }

  private fieldEntry(name: unknown, labels: Labels): FieldEntry | undefined {
    const hash = hashFields(name, labels, this.seed);
    if (hash === undefined) return undefined;
    const n = name as string;
    for (let e = this.byFields.head(hash); e !== undefined; e = e.next)
      if (sameFields(n, labels, e.fields)) return e;
    let fields: string[] | undefined;
    let series: ResolvedSeries | undefined;
    for (let e = this.byFields.oldHead(hash); e !== undefined && series === undefined; e = e.next)
      if (sameFields(n, labels, e.fields)) ({ fields, series } = e);
    fields ??= fieldsOf(n, labels);
    series ??= this.check({ name: n, labels });
    return this.byFields.add(hash, (next) => ({
      fields: fields as string[],
      series: series as ResolvedSeries,
      next,
      after: undefined,
    }));
  }

  get size(): number {
    return this.byBytes.size + this.byFields.size;
  }
}

/** What resolving a request's series needs of the catalog. */
export type SeriesLookup = Pick<SeriesCatalog, 'check' | 'resolveBytes' | 'resolveFields'>;
