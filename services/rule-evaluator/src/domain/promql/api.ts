import type { Labels } from '@streamwatch/metrics-core';
import { ValidationError } from '@streamwatch/metrics-core';
import type { SeriesPartitioning } from './partitioning';
import type { ValueRange } from './series-filter';

/** One sample; `t` in milliseconds. */
export interface Point {
  t: number;
  v: number;
  /**
   * True for a staleness marker. Set it in stores: V8 canonicalises NaN payloads when a NaN passes through a
   * double array in optimised code, so the 0x7ff0000000000002 pattern alone is not a reliable signal.
   */
  stale?: boolean;
}

/** A series as the store returns it: `labels` includes `__name__`, `points` ascending by `t`. */
export interface SeriesData {
  labels: Labels;
  points: Point[];
}

export type MatchOp = '=' | '!=' | '=~' | '!~';

/** A label matcher; the metric name is matched with name `__name__`. */
export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** Where the engine reads samples from; returns every series matching all matchers with points in [minT, maxT]. */
export interface SeriesStore {
  select(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[];
  /** Optional: like `select`, but each series carries only its newest point in [minT, maxT] (instant selectors). */
  selectLatest?(matchers: LabelMatcher[], minT: number, maxT: number): SeriesData[];
}

export interface VectorSample {
  labels: Labels;
  value: number;
}

export type InstantValue =
  | { type: 'vector'; samples: VectorSample[] }
  | { type: 'scalar'; value: number }
  | { type: 'string'; value: string };

export interface CompiledExpr {
  readonly text: string;
  /** Every vector selector in the expression (for the selector -> rule index). */
  readonly selectors: LabelMatcher[][];
  /** Longest range + offset (+ 5m lookback delta) the expression reads back, in ms. */
  readonly windowMs: number;
  /** Set when the expression splits into independent per-series parts (see partitioning.ts). */
  readonly partitioning?: SeriesPartitioning;
  /** Set for `selector <cmp> number`: the values a series' newest value must have to be in the result (series-filter.ts). */
  readonly seriesRange?: ValueRange;
  evaluate(store: SeriesStore, tMs: number): InstantValue;
}

export interface SourcePosition {
  line: number;
  column: number;
  offset: number;
}

/** A syntax error (with position) or an unsupported construct (named in the message). */
export class PromQLError extends ValidationError {
  readonly position?: SourcePosition;

  constructor(message: string, position?: SourcePosition) {
    super(position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.position = position;
  }
}

/** Lookback delta for instant vector selectors, as Prometheus' default. */
export const LOOKBACK_DELTA_MS = 5 * 60 * 1000;
