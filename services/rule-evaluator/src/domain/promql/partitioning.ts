import type { Expr, VectorSelectorNode } from './ast';
import { SET_OPS } from './ast';
import { RANGE_FUNCTIONS } from './range-functions';

/**
 * How an expression splits into independent per-series parts. When present, every output element comes from
 * exactly one series of one selector that pins its metric name, with that series' labels (the metric name
 * possibly dropped), so evaluating the expression over a subset of the series gives exactly the subset of
 * the full result that those series produce.
 */
export interface SeriesPartitioning {
  /** The metric name the expression's only selector pins with `__name__="..."`. */
  readonly metric: string;
  /**
   * True when a series' result can change only through a new sample of that series or through its own
   * lookback running out (instant selectors without offset, no `time()`): a series that produced no result
   * when last evaluated cannot produce one later without a sample. False for range functions, offsets and
   * `time()`, whose results drift with the evaluation time.
   */
  readonly exact: boolean;
}

type Shape =
  { kind: 'scalar'; exact: boolean } | { kind: 'series'; metric: string; exact: boolean } | undefined;

const SAME_LABELS_FUNCTIONS: ReadonlySet<string> = new Set([
  'abs',
  'ceil',
  'floor',
  'exp',
  'ln',
  'log2',
  'log10',
  'sqrt',
  'round',
  'clamp',
  'clamp_min',
  'clamp_max',
  'timestamp',
]);

function pinned(sel: VectorSelectorNode): string | undefined {
  for (const m of sel.matchers) if (m.name === '__name__' && m.op === '=') return m.value;
  return undefined;
}

function selectorShape(sel: VectorSelectorNode, exact: boolean): Shape {
  const metric = pinned(sel);
  return metric === undefined ? undefined : { kind: 'series', metric, exact: exact && sel.offsetMs === 0 };
}

/** Combines one series argument with any number of scalar arguments. */
function withScalars(series: Shape, scalars: Shape[]): Shape {
  if (series?.kind !== 'series') return undefined;
  let exact = series.exact;
  for (const s of scalars) {
    if (s?.kind !== 'scalar') return undefined;
    exact &&= s.exact;
  }
  return { ...series, exact };
}

function callShape(name: string, args: Expr[]): Shape {
  if (name === 'time') return { kind: 'scalar', exact: false };
  if (RANGE_FUNCTIONS[name]) {
    const matrix = args.find((a) => a.kind === 'matrix');
    if (matrix?.kind !== 'matrix') return undefined;
    return withScalars(selectorShape(matrix.selector, false), args.filter((a) => a !== matrix).map(shapeOf));
  }
  if (SAME_LABELS_FUNCTIONS.has(name) && args.length > 0)
    return withScalars(shapeOf(args[0] as Expr), args.slice(1).map(shapeOf));
  return undefined;
}

function shapeOf(e: Expr): Shape {
  switch (e.kind) {
    case 'number':
    case 'string':
      return { kind: 'scalar', exact: true };
    case 'paren':
    case 'unary':
      return shapeOf(e.expr);
    case 'vector':
      return selectorShape(e, true);
    case 'call':
      return callShape(e.name, e.args);
    case 'binary': {
      if (SET_OPS.has(e.op)) return undefined;
      const l = shapeOf(e.lhs);
      const r = shapeOf(e.rhs);
      if (l?.kind === 'scalar' && r?.kind === 'scalar') return { kind: 'scalar', exact: l.exact && r.exact };
      return l?.kind === 'series' ? withScalars(l, [r]) : withScalars(r, [l]);
    }
    default:
      return undefined;
  }
}

/** The expression's per-series partitioning, or undefined when its output elements may depend on several series. */
export function seriesPartitioning(ast: Expr): SeriesPartitioning | undefined {
  const shape = shapeOf(ast);
  return shape?.kind === 'series' ? { metric: shape.metric, exact: shape.exact } : undefined;
}
