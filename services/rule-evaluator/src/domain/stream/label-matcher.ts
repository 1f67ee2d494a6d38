import type { Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher } from '../promql/api';

const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_LIMIT = 10_000;

/** Prometheus regexes are fully anchored. */
export function anchoredRegex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 's');
    if (regexCache.size >= REGEX_CACHE_LIMIT) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** A missing label matches as the empty string, as in Prometheus. */
export function matchesValue(m: LabelMatcher, value: string | undefined): boolean {
  const v = value ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return anchoredRegex(m.value).test(v);
    case '!~':
      return !anchoredRegex(m.value).test(v);
  }
}

/** `labels` includes `__name__`. */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  for (const m of matchers) if (!matchesValue(m, labels[m.name])) return false;
  return true;
}

/** The metric name a selector pins with `__name__="x"`, if any. */
export function pinnedName(matchers: readonly LabelMatcher[]): string | undefined {
  for (const m of matchers) if (m.name === '__name__' && m.op === '=') return m.value;
  return undefined;
}
