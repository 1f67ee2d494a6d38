import type { Expr } from './ast';
import { COMPARISON_OPS, unwrapParens, type BinaryOp } from './ast';

/** `l op r` for a comparison operator, as Prometheus filters (NaN compares false except with `!=`). */
function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    default:
      return l <= r;
  }
}

/**
 * For `selector <cmp> number` or `number <cmp> selector` (filtering, no `bool`, selector without offset):
 * the test a series' newest value must pass to appear in the result. A series whose newest value fails it
 * contributes nothing, so a rule with no alert state need not be evaluated for it. Undefined for any other shape.
 */
export function seriesFilter(ast: Expr): ((value: number) => boolean) | undefined {
  const e = unwrapParens(ast);
  if (e.kind !== 'binary' || !COMPARISON_OPS.has(e.op) || e.returnBool) return undefined;
  const l = unwrapParens(e.lhs);
  const r = unwrapParens(e.rhs);
  const op = e.op;
  if (l.kind === 'vector' && l.offsetMs === 0 && r.kind === 'number') {
    const n = r.value;
    return (v) => compare(op, v, n);
  }
  if (r.kind === 'vector' && r.offsetMs === 0 && l.kind === 'number') {
    const n = l.value;
    return (v) => compare(op, n, v);
  }
  return undefined;
}
