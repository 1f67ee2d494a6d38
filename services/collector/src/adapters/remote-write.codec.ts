import { sortedLabelPairs, type Labels, type SeriesPoints } from '@streamwatch/metrics-core';
import { compress, uncompress } from 'snappyjs';
import type { IndexedSample } from '../domain/json-push';
import type { SampleRejection } from '../domain/rejection';
import { RequestRejection } from '../ingest/http-rejection';
import { WriteRequestType, type PbTimeSeries, type PbWriteRequest } from './remote-write.proto';

export interface DecodedWrite {
  samples: IndexedSample[];
  rejections: SampleRejection[];
  total: number;
}

/** Snappy block format, with the declared uncompressed length checked before any allocation. */
export function snappyDecode(body: Buffer, maxDecodedBytes: number): Buffer {
  try {
    const out = uncompress(body, maxDecodedBytes);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const message = (err as Error).message;
    if (message.includes('too big'))
      throw new RequestRejection(413, 'decoded_too_large', `snappy body decodes to more than ${maxDecodedBytes} bytes`);
    throw new RequestRejection(400, 'malformed_body', `body is not snappy block-compressed: ${message}`);
  }
}

function decodeProto(raw: Buffer): PbWriteRequest {
  try {
    return WriteRequestType.decode(raw) as unknown as PbWriteRequest;
  } catch (err) {
    throw new RequestRejection(400, 'malformed_body', `body is not a protobuf WriteRequest: ${(err as Error).message}`);
  }
}

function seriesLabels(ts: PbTimeSeries): { name: string; labels: Labels; duplicate?: string } {
  let name = '';
  const labels: Labels = {};
  let duplicate: string | undefined;
  for (const l of ts.labels ?? []) {
    if (l.name === '__name__') name = l.value;
    else if (l.name in labels) duplicate = l.name;
    else labels[l.name] = l.value;
  }
  return { name, labels, ...(duplicate ? { duplicate } : {}) };
}

function toMs(t: PbSample['timestamp']): number {
  return typeof t === 'number' ? t : t.toNumber();
}
type PbSample = NonNullable<PbTimeSeries['samples']>[number];

/** Counts the samples of a WriteRequest (cheap), so request limits apply before per-sample work. */
export function countSamples(req: PbWriteRequest): number {
  let n = 0;
  for (const ts of req.timeseries ?? []) n += (ts.samples?.length ?? 0) + (ts.histograms?.length ?? 0);
  return n;
}

/** Flattens series into indexed samples; structural problems of a series reject each of its samples. */
export function flattenWriteRequest(req: PbWriteRequest): DecodedWrite {
  const out: DecodedWrite = { samples: [], rejections: [], total: 0 };
  for (const ts of req.timeseries ?? []) {
    const { name, labels, duplicate } = seriesLabels(ts);
    for (const s of ts.samples ?? []) {
      const index = out.total++;
      if (duplicate)
        out.rejections.push({ index, reason: 'invalid_label_name', field: `labels.${duplicate}`, series: name, message: `label "${duplicate}" appears twice` });
      else out.samples.push({ index, sample: { name, labels, value: s.value, timestampMs: toMs(s.timestamp) } });
    }
    for (let i = 0; i < (ts.histograms?.length ?? 0); i++)
      out.rejections.push({ index: out.total++, reason: 'invalid_sample', field: 'histograms', series: name, message: 'native histograms are not supported' });
  }
  return out;
}

/** snappy-block body -> WriteRequest; throws RequestRejection (400/413) for anything malformed or too large. */
export function decodeWriteRequest(body: Buffer, maxDecodedBytes: number): PbWriteRequest {
  return decodeProto(snappyDecode(body, maxDecodedBytes));
}

/** Series -> snappy-compressed WriteRequest body; points must be in timestamp order per series. */
export function encodeWriteRequest(series: readonly SeriesPoints[]): Buffer {
  const message = WriteRequestType.fromObject({
    timeseries: series.map((s) => ({
      labels: sortedLabelPairs(s.name, s.labels).map(([name, value]) => ({ name, value })),
      samples: s.points.map((p) => ({ value: p.value, timestamp: p.timestampMs })),
    })),
  });
  const raw = WriteRequestType.encode(message).finish();
  return Buffer.from(compress(raw));
}
