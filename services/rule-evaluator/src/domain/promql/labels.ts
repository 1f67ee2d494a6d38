import { seriesKey, seriesKeyOfSorted, type Labels } from '@streamwatch/metrics-core';

export const METRIC_NAME = '__name__';

export function dropMetricName(labels: Labels): Labels {
  if (!(METRIC_NAME in labels)) return labels;
  const out: Labels = {};
  for (const k in labels) if (k !== METRIC_NAME) out[k] = labels[k] as string;
  return out;
}

/** The identity of the whole label set, `__name__` included: metrics-core's `seriesKey` with an empty name. */
export function labelsKey(labels: Labels): string {
  return seriesKey('', labels);
}

/**
 * Key of the labels named in `names` (on=true, an absent one counting as empty) or of all labels except
 * `names` and __name__ (on=false), written as `labelsKey` writes them.
 */
export function signature(labels: Labels, names: readonly string[], on: boolean): string {
  if (on) return seriesKeyOfSorted('', labels, [...names].sort());
  const kept = Object.keys(labels)
    .filter((n) => n !== METRIC_NAME && !names.includes(n))
    .sort();
  return seriesKeyOfSorted('', labels, kept);
}

/** Labels kept by `by (names)` (on=true) or `without (names)` (on=false, also dropping __name__). */
export function groupLabels(labels: Labels, names: readonly string[], on: boolean): Labels {
  const out: Labels = {};
  if (on) {
    for (const n of names) {
      const v = labels[n];
      if (v !== undefined && v !== '') out[n] = v;
    }
    return out;
  }
  for (const k in labels) if (k !== METRIC_NAME && !names.includes(k)) out[k] = labels[k] as string;
  return out;
}

export function formatLabels(labels: Labels): string {
  const name = labels[METRIC_NAME] ?? '';
  const rest = Object.keys(labels)
    .filter((k) => k !== METRIC_NAME)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `${name}{${rest.join(', ')}}`;
}
