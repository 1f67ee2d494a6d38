import { STALE_NAN, type Labels } from '@streamwatch/metrics-core';
import type { PointScreen } from '../domain/screening';
import type { DecodedSeries, ResolvedSeries, SeriesLookup } from '../domain/series-catalog';
import { ProtoReader } from './proto-reader';

/** One TimeSeries of a WriteRequest, located in the decoded body; its label bytes are read only when needed. */
interface SeriesSpan {
  /** The TimeSeries message's fields are `buf[start, end)`. */
  start: number;
  end: number;
  /** The labels as one contiguous byte range (the usual layout), or -1 when samples come between them. */
  labelsStart: number;
  labelsEnd: number;
  firstPoint: number;
  points: number;
  histograms: number;
}

/** A WriteRequest as flat arrays: series spans plus every sample's value, timestamp and staleness. */
export interface ScannedWrite {
  buf: Buffer;
  series: SeriesSpan[];
  values: number[];
  timestamps: number[];
  /** 1 where the value is a Prometheus staleness marker. */
  stale: number[];
  /** Samples plus native histograms: what the request-size limit counts. */
  total: number;
}

/**
 * Walks a protobuf WriteRequest (prompb remote write 1.0) without building message objects: samples go to
 * flat arrays, labels stay as byte ranges. Throws ProtoFormatError on malformed protobuf.
 */
export function scanWriteRequest(buf: Buffer): ScannedWrite {
  const out: ScannedWrite = { buf, series: [], values: [], timestamps: [], stale: [], total: 0 };
  const r = new ProtoReader(buf, 0, buf.length);
  while (r.more()) {
    const tag = r.tag();
    if (tag === ((1 << 3) | 2)) {
      const end = r.lengthEnd();
      const outer = r.enter(end);
      out.series.push(scanSeries(r, end, out));
      r.leave(outer);
    } else if (tag === ((3 << 3) | 2)) {
      const end = r.lengthEnd();
      const outer = r.enter(end);
      r.skipAll();
      r.leave(outer);
    } else r.skip(tag);
  }
  return out;
}

/** Reads the TimeSeries `r` was confined to (ending at `end`). */
function scanSeries(r: ProtoReader, end: number, out: ScannedWrite): SeriesSpan {
  const span: SeriesSpan = {
    start: r.pos,
    end,
    labelsStart: -1,
    labelsEnd: -1,
    firstPoint: out.values.length,
    points: 0,
    histograms: 0,
  };
  let contiguous = true;
  while (r.more()) {
    const fieldStart = r.pos;
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1 && (tag & 7) === 2) {
      const labelEnd = r.lengthEnd();
      if (span.labelsStart < 0) span.labelsStart = fieldStart;
      else if (span.labelsEnd !== fieldStart) contiguous = false;
      span.labelsEnd = labelEnd;
      r.pos = labelEnd;
    } else if (field === 2 && (tag & 7) === 2) {
      const outer = r.enter(r.lengthEnd());
      scanPoint(r, out);
      r.leave(outer);
      span.points++;
    } else if ((field === 3 || field === 4) && (tag & 7) === 2) {
      // exemplars are ignored, native histograms refused; both must still be well-formed
      const outer = r.enter(r.lengthEnd());
      r.skipAll();
      r.leave(outer);
      if (field === 4) span.histograms++;
    } else r.skip(tag);
  }
  if (!contiguous) span.labelsStart = -1;
  out.total += span.points + span.histograms;
  return span;
}

/** Reads the Sample `r` was confined to. */
function scanPoint(r: ProtoReader, out: ScannedWrite): void {
  let value = 0;
  let timestamp = 0;
  let stale = false;
  while (r.more()) {
    const tag = r.tag();
    if (tag === ((1 << 3) | 1)) {
      const at = r.pos;
      value = r.double();
      // a NaN's payload may not survive in a JavaScript number: the marker is recognised by its bytes
      stale = value !== value && r.staleMarkerAt(at);
    } else if (tag === ((2 << 3) | 0)) timestamp = r.int64();
    else r.skip(tag);
  }
  out.stale.push(stale ? 1 : 0);
  out.values.push(stale ? STALE_NAN : value);
  out.timestamps.push(timestamp);
}

/** Reads the Label messages of one series: `__name__` apart, the first of a repeated label kept. */
export function readSeriesLabels(buf: Buffer, span: SeriesSpan): DecodedSeries {
  let name = '';
  const labels: Labels = {};
  let duplicate: string | undefined;
  const r = new ProtoReader(buf, span.start, span.end);
  while (r.more()) {
    const tag = r.tag();
    if (tag !== ((1 << 3) | 2)) {
      r.skip(tag);
      continue;
    }
    const end = r.lengthEnd();
    const label = new ProtoReader(buf, r.pos, end);
    r.pos = end;
    let labelName = '';
    let labelValue = '';
    while (label.more()) {
      const field = label.tag();
      if (field === ((1 << 3) | 2)) labelName = label.string();
      else if (field === ((2 << 3) | 2)) labelValue = label.string();
      else label.skip(field);
    }
    if (labelName === '__name__') name = labelValue;
    else if (Object.prototype.hasOwnProperty.call(labels, labelName)) duplicate = labelName;
    // a label called "__proto__" must stay a label (and is then refused as reserved), not set the prototype
    else if (labelName === '__proto__')
      Object.defineProperty(labels, labelName, {
        value: labelValue,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else labels[labelName] = labelValue;
  }
  return duplicate === undefined ? { name, labels } : { name, labels, duplicate };
}

/** Resolves every series of a scanned request (decoding and checking only those not seen before). */
export function resolveSeries(w: ScannedWrite, catalog: SeriesLookup): ResolvedSeries[] {
  const view = new DataView(w.buf.buffer, w.buf.byteOffset, w.buf.length);
  const out = new Array<ResolvedSeries>(w.series.length);
  const decode = (span: SeriesSpan) => readSeriesLabels(w.buf, span);
  for (let i = 0; i < w.series.length; i++) {
    const span = w.series[i] as SeriesSpan;
    // the raw label bytes identify a series when they are contiguous (the usual layout)
    out[i] =
      span.labelsStart < 0
        ? catalog.check(decode(span))
        : catalog.resolveBytes(view, span.labelsStart, span.labelsEnd, decode, span);
  }
  return out;
}

/**
 * Offers every point of a scanned request to `screen`, in request order. Each point of a series with a
 * repeated label, and each native histogram, is refused.
 */
export function screenWrite(
  w: ScannedWrite,
  resolved: readonly ResolvedSeries[],
  screen: Pick<PointScreen, 'offerPoint' | 'refuse'>,
): void {
  const { timestamps, values, stale } = w;
  let index = 0;
  for (let i = 0; i < w.series.length; i++) {
    const span = w.series[i] as SeriesSpan;
    const { name, duplicate, known } = resolved[i] as ResolvedSeries;
    const end = span.firstPoint + span.points;
    if (known === undefined)
      for (let p = span.firstPoint; p < end; p++)
        screen.refuse(
          index++,
          {
            reason: 'invalid_label_name',
            field: `labels.${duplicate}`,
            message: `label "${duplicate}" appears twice`,
          },
          name,
        );
    else
      for (let p = span.firstPoint; p < end; p++)
        screen.offerPoint(index++, known, timestamps[p] as number, values[p] as number, stale[p] === 1);
    for (let h = 0; h < span.histograms; h++)
      screen.refuse(
        index++,
        { reason: 'invalid_sample', field: 'histograms', message: 'native histograms are not supported' },
        name,
      );
  }
}
