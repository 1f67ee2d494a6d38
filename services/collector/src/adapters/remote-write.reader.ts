import { STALE_NAN, type Labels, type Sample } from '@streamwatch/metrics-core';
import type { IndexedSample } from '../domain/json-push';
import type { SampleRejection } from '../domain/rejection';
import type { DecodedSeries, ResolvedSeries, SeriesResolver } from '../domain/series-catalog';
import { ProtoReader } from './proto-reader';

/** One TimeSeries of a WriteRequest, located in the decoded body; its label bytes are read only when needed. */
interface SeriesSpan {
  /** Offsets of each Label message. */
  labels: number[];
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
  /** Indexes (into values) of Prometheus staleness markers. */
  stale: Set<number>;
  /** Samples plus native histograms: what the request-size limit counts. */
  total: number;
}

/**
 * Walks a protobuf WriteRequest (prompb remote write 1.0) without building message objects: samples go to
 * flat arrays, labels stay as byte ranges. Throws ProtoFormatError on malformed protobuf.
 */
export function scanWriteRequest(buf: Buffer): ScannedWrite {
  const out: ScannedWrite = { buf, series: [], values: [], timestamps: [], stale: new Set(), total: 0 };
  const r = new ProtoReader(buf, 0, buf.length);
  while (r.more()) {
    const tag = r.tag();
    if (tag === ((1 << 3) | 2)) {
      const end = r.lengthEnd();
      out.series.push(scanSeries(new ProtoReader(buf, r.pos, end), out));
      r.pos = end;
    } else if (tag === ((3 << 3) | 2)) {
      const end = r.lengthEnd();
      new ProtoReader(buf, r.pos, end).skipAll();
      r.pos = end;
    } else r.skip(tag);
  }
  return out;
}

function scanSeries(r: ProtoReader, out: ScannedWrite): SeriesSpan {
  const span: SeriesSpan = {
    labels: [],
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
      const end = r.lengthEnd();
      if (span.labelsStart < 0) span.labelsStart = fieldStart;
      else if (span.labelsEnd !== fieldStart) contiguous = false;
      span.labels.push(fieldStart);
      span.labelsEnd = end;
      r.pos = end;
    } else if (field === 2 && (tag & 7) === 2) {
      const end = r.lengthEnd();
      scanPoint(new ProtoReader(r.buf, r.pos, end), out);
      span.points++;
      r.pos = end;
    } else if ((field === 3 || field === 4) && (tag & 7) === 2) {
      // exemplars are ignored, native histograms refused; both must still be well-formed
      const end = r.lengthEnd();
      new ProtoReader(r.buf, r.pos, end).skipAll();
      if (field === 4) span.histograms++;
      r.pos = end;
    } else r.skip(tag);
  }
  if (!contiguous) span.labelsStart = -1;
  out.total += span.points + span.histograms;
  return span;
}

function scanPoint(r: ProtoReader, out: ScannedWrite): void {
  let value = 0;
  let timestamp = 0;
  let stale = false;
  while (r.more()) {
    const tag = r.tag();
    if (tag === ((1 << 3) | 1)) {
      stale = r.isStaleMarker();
      value = r.double();
    } else if (tag === ((2 << 3) | 0)) timestamp = r.int64();
    else r.skip(tag);
  }
  if (stale) out.stale.add(out.values.length);
  out.values.push(stale ? STALE_NAN : value);
  out.timestamps.push(timestamp);
}

/** Reads the Label messages of one series: `__name__` apart, the first of a repeated label kept. */
export function readSeriesLabels(buf: Buffer, span: SeriesSpan): DecodedSeries {
  let name = '';
  const labels: Labels = {};
  let duplicate: string | undefined;
  for (const at of span.labels) {
    const r = new ProtoReader(buf, at, buf.length);
    r.tag();
    const end = r.lengthEnd();
    const label = new ProtoReader(buf, r.pos, end);
    let labelName = '';
    let labelValue = '';
    while (label.more()) {
      const tag = label.tag();
      if (tag === ((1 << 3) | 2)) labelName = label.string();
      else if (tag === ((2 << 3) | 2)) labelValue = label.string();
      else label.skip(tag);
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

/** The cache identity of a series: its raw label bytes, when contiguous. */
export function seriesIdentity(buf: Buffer, span: SeriesSpan): string | undefined {
  return span.labelsStart < 0 ? undefined : buf.toString('latin1', span.labelsStart, span.labelsEnd);
}

export interface DecodedWrite {
  samples: IndexedSample[];
  rejections: SampleRejection[];
  total: number;
}

/** Resolves every series of a scanned request (decoding and checking only those not seen before). */
export function resolveSeries(w: ScannedWrite, resolve: SeriesResolver): ResolvedSeries[] {
  return w.series.map((span) => resolve(seriesIdentity(w.buf, span), () => readSeriesLabels(w.buf, span)));
}

/** Flattens series into indexed samples; structural problems of a series reject each of its samples. */
export function flattenWrite(w: ScannedWrite, resolved: readonly ResolvedSeries[]): DecodedWrite {
  const out: DecodedWrite = { samples: [], rejections: [], total: w.total };
  let index = 0;
  w.series.forEach((span, i) => {
    const { name, labels, duplicate, known } = resolved[i] as ResolvedSeries;
    for (let p = span.firstPoint; p < span.firstPoint + span.points; p++) {
      if (duplicate !== undefined) {
        out.rejections.push({
          index: index++,
          reason: 'invalid_label_name',
          field: `labels.${duplicate}`,
          series: name,
          message: `label "${duplicate}" appears twice`,
        });
        continue;
      }
      const timestampMs = w.timestamps[p] as number;
      const sample: Sample = w.stale.has(p)
        ? { name, labels, value: STALE_NAN, timestampMs, stale: true }
        : { name, labels, value: w.values[p] as number, timestampMs };
      out.samples.push({ index: index++, sample, series: known });
    }
    for (let h = 0; h < span.histograms; h++)
      out.rejections.push({
        index: index++,
        reason: 'invalid_sample',
        field: 'histograms',
        series: name,
        message: 'native histograms are not supported',
      });
  });
  return out;
}
