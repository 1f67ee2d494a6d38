import {
  LOOKBACK_DELTA_MS,
  PromQLError,
  type CompiledExpr,
  type InstantValue,
  type LabelMatcher,
  type SeriesStore,
} from './api';
import type { Expr } from './ast';
import { Evaluator } from './evaluator';
import { parsePromQL } from './parse';
import { seriesPartitioning } from './partitioning';
import { seriesRange } from './series-filter';
import { typeName, typeOf } from './type-check';
import { EvalError } from './values';

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'matrix':
      walk(e.selector, visit);
      break;
    case 'call':
      for (const a of e.args) walk(a, visit);
      break;
    case 'aggregate':
      if (e.param) walk(e.param, visit);
      walk(e.expr, visit);
      break;
    case 'binary':
      walk(e.lhs, visit);
      walk(e.rhs, visit);
      break;
    case 'unary':
    case 'paren':
      walk(e.expr, visit);
      break;
    default:
      break;
  }
}

/** Error raised while evaluating a valid expression (e.g. many-to-many matching). */
export class PromQLEvalError extends Error {}

/** Parses and checks `text` once; throws PromQLError for syntax errors and unsupported constructs. */
export function compileExpr(text: string): CompiledExpr {
  const ast = parsePromQL(text);
  const type = typeOf(ast);
  if (type === 'matrix')
    throw new PromQLError(`expression must evaluate to an instant vector or scalar, got ${typeName(type)}`);
  const selectors: LabelMatcher[][] = [];
  let windowMs = 0;
  walk(ast, (e) => {
    if (e.kind === 'vector') {
      selectors.push(e.matchers);
      windowMs = Math.max(windowMs, e.offsetMs + LOOKBACK_DELTA_MS);
    } else if (e.kind === 'matrix') {
      windowMs = Math.max(windowMs, e.selector.offsetMs + e.rangeMs);
    }
  });
  return {
    text,
    selectors,
    windowMs,
    partitioning: seriesPartitioning(ast),
    seriesRange: seriesRange(ast),
    evaluate(store: SeriesStore, tMs: number): InstantValue {
      try {
        const v = new Evaluator(store, tMs).eval(ast);
        if (v.type === 'matrix') throw new EvalError('range vector result is not supported');
        return v;
      } catch (err) {
        if (err instanceof EvalError) throw new PromQLEvalError(err.message);
        throw err;
      }
    },
  };
}
