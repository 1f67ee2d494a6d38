import type { Labels } from '@streamwatch/metrics-core';
import type { LabelMatcher } from '../promql/api';
import { compileMatchers, matchesAll as matchesAllCompiled } from '../promql/matchers';

/**
 * Kept only for window-store.ts, which is being changed elsewhere and still imports it: matching lives in
 * promql/matchers.ts. This looks the compiled form up on every call, so a loop over series should call
 * compileMatchers once and matchesAll from promql/matchers instead; then this file can go.
 */
export function matchesAll(matchers: readonly LabelMatcher[], labels: Labels): boolean {
  return matchesAllCompiled(compileMatchers(matchers), labels);
}
