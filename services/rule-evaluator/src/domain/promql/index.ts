export * from './api';
export { compileExpr, PromQLEvalError } from './compile';
export { MemorySeriesStore } from './memory-store';
export { compileMatcher, compileMatchers, matchesAll, compileRegex, pinnedName } from './matchers';
export type { CompiledMatcher, Re2Pattern } from './matchers';
export { parseDuration, formatDuration } from '@streamwatch/metrics-core';
export type { SeriesPartitioning } from './partitioning';
