import { createHash } from 'node:crypto';
import type { Labels } from './sample';

const SEP = '\xff';

/** Labels sorted by name, `__name__` included, as Prometheus orders them. */
export function sortedLabelPairs(name: string, labels: Labels): Array<[string, string]> {
  const pairs: Array<[string, string]> = [['__name__', name]];
  for (const key of Object.keys(labels)) pairs.push([key, labels[key] as string]);
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Canonical `name{a="x",b="y"}` identity of a series, independent of label insertion order. */
export function seriesKey(name: string, labels: Labels): string {
  const keys = Object.keys(labels).sort();
  let out = name + '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    out += (i ? ',' : '') + k + '="' + (labels[k] as string) + '"';
  }
  return out + '}';
}

/** Stable 64-bit series fingerprint (hex) over the sorted label set. */
export function seriesFingerprint(name: string, labels: Labels): string {
  const hash = createHash('sha256');
  for (const [k, v] of sortedLabelPairs(name, labels)) hash.update(k + SEP + v + SEP);
  return hash.digest('hex').slice(0, 16);
}

/** Kafka partition key: `job`+`instance` when both are present, else the series fingerprint. */
export function shardKey(name: string, labels: Labels): string {
  const { job, instance } = labels;
  if (job !== undefined && instance !== undefined) return job + SEP + instance;
  return seriesFingerprint(name, labels);
}
