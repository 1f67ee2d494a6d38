import type { Labels } from '@streamwatch/metrics-core';
import { parseGoFloat } from './format-float';
import { METRIC_NAME, signature } from './labels';
import type { Sample } from './values';

interface Bucket {
  upperBound: number;
  count: number;
}

/** Port of Prometheus' bucketQuantile (promql/quantile.go) for classic histograms. */
export function bucketQuantile(q: number, input: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...input].sort((a, b) => a.upperBound - b.upperBound);
  if ((sorted[sorted.length - 1] as Bucket).upperBound !== Infinity) return NaN;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else buckets.push({ ...b });
  }
  let max = -Infinity;
  for (const b of buckets) {
    if (b.count > max) max = b.count;
    else if (b.count < max) b.count = max;
  }
  if (buckets.length < 2) return NaN;
  const observations = (buckets[buckets.length - 1] as Bucket).count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  let b = 0;
  while (b < buckets.length - 1 && (buckets[b] as Bucket).count < rank) b++;
  if (b === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  const bucket = buckets[b] as Bucket;
  if (b === 0 && bucket.upperBound <= 0) return bucket.upperBound;
  let bucketStart = 0;
  let count = bucket.count;
  if (b > 0) {
    const prev = buckets[b - 1] as Bucket;
    bucketStart = prev.upperBound;
    count -= prev.count;
    rank -= prev.count;
  }
  return bucketStart + (bucket.upperBound - bucketStart) * (rank / count);
}

/** histogram_quantile(q, v) over classic `_bucket` series grouped by all labels but `le` and `__name__`. */
export function histogramQuantile(q: number, input: readonly Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Bucket[] }>();
  for (const s of input) {
    const upperBound = parseGoFloat(s.labels.le ?? '');
    if (Number.isNaN(upperBound)) continue;
    const key = signature(s.labels, ['le'], false);
    let g = groups.get(key);
    if (!g) {
      const labels: Labels = {};
      for (const k in s.labels) if (k !== 'le' && k !== METRIC_NAME) labels[k] = s.labels[k] as string;
      g = { labels, buckets: [] };
      groups.set(key, g);
    }
    g.buckets.push({ upperBound, count: s.value });
  }
  const out: Sample[] = [];
  for (const g of groups.values()) out.push({ labels: g.labels, value: bucketQuantile(q, g.buckets) });
  return out;
}
