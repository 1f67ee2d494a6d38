import type { Labels } from '@streamwatch/metrics-core';
import type { IndexedSample } from '../domain/json-push';
import type { SampleRejection } from '../domain/rejection';
import { WriteRequestType, type PbTimeSeries, type PbWriteRequest } from '../adapters/remote-write.proto';

/**
 * The former protobufjs decoder of remote-write bodies (before the hand-written reader), kept for tests
 * as the reference the reader must agree with.
 */
export function referenceDecode(raw: Buffer): PbWriteRequest {
  return WriteRequestType.decode(raw) as unknown as PbWriteRequest;
}

function seriesLabels(ts: PbTimeSeries): { name: string; labels: Labels; duplicate?: string } {
  let name = '';
  const labels: Labels = {};
  let duplicate: string | undefined;
  for (const l of ts.labels ?? []) {
    if (l.name === '__name__') name = l.value;
    else if (Object.prototype.hasOwnProperty.call(labels, l.name)) duplicate = l.name;
    else labels[l.name] = l.value;
  }
  return { name, labels, ...(duplicate ? { duplicate } : {}) };
}

export function referenceFlatten(req: PbWriteRequest): {
  samples: IndexedSample[];
  rejections: SampleRejection[];
  total: number;
} {
  const out = { samples: [] as IndexedSample[], rejections: [] as SampleRejection[], total: 0 };
  for (const ts of req.timeseries ?? []) {
    const { name, labels, duplicate } = seriesLabels(ts);
    for (const s of ts.samples ?? []) {
      const index = out.total++;
      const timestampMs = typeof s.timestamp === 'number' ? s.timestamp : s.timestamp.toNumber();
      if (duplicate)
        out.rejections.push({
          index,
          reason: 'invalid_label_name',
          field: `labels.${duplicate}`,
          series: name,
          message: `label "${duplicate}" appears twice`,
        });
      else out.samples.push({ index, sample: { name, labels, value: s.value, timestampMs } });
    }
    for (let i = 0; i < (ts.histograms?.length ?? 0); i++)
      out.rejections.push({
        index: out.total++,
        reason: 'invalid_sample',
        field: 'histograms',
        series: name,
        message: 'native histograms are not supported',
      });
  }
  return out;
}
