import type { ValueType } from './ast';

export interface FunctionSignature {
  args: ValueType[];
  /** Number of trailing optional args (only of the last type), or 'variadic' for label_join. */
  optional?: number;
  variadic?: boolean;
  returns: ValueType;
}

const v: ValueType = 'vector';
const m: ValueType = 'matrix';
const s: ValueType = 'scalar';
const str: ValueType = 'string';

const math = { args: [v], returns: v };
const overTime = { args: [m], returns: v };

/** The functions this engine evaluates; anything else is rejected at compile time. */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  abs: math,
  ceil: math,
  floor: math,
  exp: math,
  ln: math,
  log2: math,
  log10: math,
  sqrt: math,
  round: { args: [v, s], optional: 1, returns: v },
  clamp: { args: [v, s, s], returns: v },
  clamp_min: { args: [v, s], returns: v },
  clamp_max: { args: [v, s], returns: v },
  time: { args: [], returns: s },
  timestamp: { args: [v], returns: v },
  vector: { args: [s], returns: v },
  scalar: { args: [v], returns: s },
  label_replace: { args: [v, str, str, str, str], returns: v },
  label_join: { args: [v, str, str, str], variadic: true, returns: v },
  histogram_quantile: { args: [s, v], returns: v },
  absent: { args: [v], returns: v },
  absent_over_time: overTime,
  rate: overTime,
  irate: overTime,
  increase: overTime,
  delta: overTime,
  idelta: overTime,
  deriv: overTime,
  resets: overTime,
  changes: overTime,
  predict_linear: { args: [m, s], returns: v },
  avg_over_time: overTime,
  min_over_time: overTime,
  max_over_time: overTime,
  sum_over_time: overTime,
  count_over_time: overTime,
  stddev_over_time: overTime,
  stdvar_over_time: overTime,
  last_over_time: overTime,
  present_over_time: overTime,
  quantile_over_time: { args: [s, m], returns: v },
};

export const AGGREGATIONS: ReadonlySet<string> = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'stddev',
  'stdvar',
  'quantile',
  'topk',
  'bottomk',
  'count_values',
  'group',
]);
