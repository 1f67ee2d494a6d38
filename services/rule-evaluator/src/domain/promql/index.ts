export * from './api';
export { compileExpr, PromQLEvalError } from './compile';
export { MemorySeriesStore } from './memory-store';
export { compileMatcher, matchesAll, compileRegex } from './matchers';
export type { CompiledMatcher } from './matchers';
export { parseDuration, formatDuration } from '@streamwatch/metrics-core';
export type { SeriesPartitioning } from './partitioning';
