import type { Labels } from '@streamwatch/metrics-core';
import { PromQLError, type LabelMatcher } from './api';

export interface CompiledMatcher {
  name: string;
  matches(value: string): boolean;
}

/**
 * Turns an RE2 pattern into an anchored JS RegExp the way Prometheus anchors it (`^(?:re)$`).
 * Supports the common RE2 subset: named groups `(?P<n>...)` and a leading `(?i)` flag.
 */
export function compileRegex(pattern: string): RegExp {
  let body = pattern;
  let flags = '';
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags = 'i';
  }
  body = body.replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(`^(?:${body})$`, flags);
  } catch (err) {
    throw new PromQLError(`invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`);
  }
}

export function compileMatcher(m: LabelMatcher): CompiledMatcher {
  switch (m.op) {
    case '=':
      return { name: m.name, matches: (v) => v === m.value };
    case '!=':
      return { name: m.name, matches: (v) => v !== m.value };
    case '=~': {
      const re = compileRegex(m.value);
      return { name: m.name, matches: (v) => re.test(v) };
    }
    case '!~': {
      const re = compileRegex(m.value);
      return { name: m.name, matches: (v) => !re.test(v) };
    }
  }
}

/** A missing label has the empty value, as in Prometheus. */
export function matchesAll(labels: Labels, matchers: readonly CompiledMatcher[]): boolean {
  for (const m of matchers) {
    if (!m.matches(labels[m.name] ?? '')) return false;
  }
  return true;
}
