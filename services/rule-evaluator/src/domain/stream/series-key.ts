import { seriesKey, type Labels } from '@streamwatch/metrics-core';

/**
 * `seriesKey(name, labels)` without sorting when the labels are already in order, as decoded batches are
 * (the wire encoder writes them sorted). Falls back to `seriesKey` otherwise; the result is always identical.
 */
export function sortedSeriesKey(name: string, labels: Labels): string {
  let out = name + '{';
  let prev: string | undefined;
  for (const k in labels) {
    if (prev !== undefined) {
      if (k <= prev) return seriesKey(name, labels);
      out += ',';
    }
    out += k + '="' + (labels[k] as string) + '"';
    prev = k;
  }
  return out + '}';
}
