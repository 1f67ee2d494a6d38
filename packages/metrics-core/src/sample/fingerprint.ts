import { createHash } from 'node:crypto';
import type { Labels } from './sample';

const SEP = '\xff';

/** Label names in code-unit order (what `Array.prototype.sort()` gives), without a comparator call per pair. */
export function sortedLabelNames(labels: Labels): string[] {
  const keys = Object.keys(labels);
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > k) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = k;
  }
  return keys;
}

/** Labels sorted by name, `__name__` included, as Prometheus orders them. */
export function sortedLabelPairs(name: string, labels: Labels): Array<[string, string]> {
  const pairs: Array<[string, string]> = [['__name__', name]];
  for (const key of Object.keys(labels)) pairs.push([key, labels[key] as string]);
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** `seriesKey` over names already sorted by `sortedLabelNames`. */
export function seriesKeyOfSorted(name: string, labels: Labels, sortedNames: readonly string[]): string {
  let out = name + '{';
  for (let i = 0; i < sortedNames.length; i++) {
    const k = sortedNames[i] as string;
    out += (i ? ',' : '') + k + '="' + (labels[k] as string) + '"';
  }
  return out + '}';
}

/** Canonical `name{a="x",b="y"}` identity of a series, independent of label insertion order. */
export function seriesKey(name: string, labels: Labels): string {
  return seriesKeyOfSorted(name, labels, sortedLabelNames(labels));
}

/** Stable 64-bit series fingerprint (hex) over the sorted label set. */
export function seriesFingerprint(name: string, labels: Labels): string {
  // one update over the concatenation hashes exactly the bytes of one update per pair
  let input = '';
  for (const [k, v] of sortedLabelPairs(name, labels)) input += k + SEP + v + SEP;
  return createHash('sha256').update(input).digest('hex').slice(0, 16);
}

/** Kafka partition key: `job`+`instance` when both are present, else the series fingerprint. */
export function shardKey(name: string, labels: Labels): string {
  const { job, instance } = labels;
  if (job !== undefined && instance !== undefined) return job + SEP + instance;
  return seriesFingerprint(name, labels);
}
