import type { Expr } from './ast';
import { COMPARISON_OPS, unwrapParens, type BinaryOp } from './ast';

/**
 * The values a comparison lets through, as numbers a caller can keep in typed arrays: `min <= v <= max`, or
 * with `complement` every value outside that (NaN included, as `!=` lets NaN through and the others do not).
 */
export interface ValueRange {
  readonly min: number;
  readonly max: number;
  readonly complement: boolean;
}

export function inValueRange(range: ValueRange, v: number): boolean {
  return (range.min <= v && v <= range.max) !== range.complement;
}

/** The next double above `n` (NaN above +Inf: then no value is at least it). */
function nextUp(n: number): number {
  if (n !== n || n === Infinity) return NaN;
  if (n === 0) return Number.MIN_VALUE;
  const bits = new Float64Array([n]);
  const int = new BigInt64Array(bits.buffer);
  int[0] = (int[0] as bigint) + (n > 0 ? 1n : -1n);
  return bits[0] as number;
}

const nextDown = (n: number): number => -nextUp(-n);

/** What `v op n` lets through. */
function rangeOf(op: BinaryOp, n: number): ValueRange {
  switch (op) {
    case '==':
      return { min: n, max: n, complement: false };
    case '!=':
      return { min: n, max: n, complement: true };
    case '>':
      return { min: nextUp(n), max: Infinity, complement: false };
    case '>=':
      return { min: n, max: Infinity, complement: false };
    case '<':
      return { min: -Infinity, max: nextDown(n), complement: false };
    default:
      return { min: -Infinity, max: n, complement: false };
  }
}

/** `n op v` is `v flipped(op) n`. */
const FLIPPED: Partial<Record<BinaryOp, BinaryOp>> = { '>': '<', '<': '>', '>=': '<=', '<=': '>=' };

/**
 * For `selector <cmp> number` or `number <cmp> selector` (filtering, no `bool`, selector without offset):
 * the values a series' newest value must have to appear in the result. A series whose newest value is outside
 * contributes nothing, so a rule with no alert state need not be evaluated for it. Undefined for any other shape.
 */
export function seriesRange(ast: Expr): ValueRange | undefined {
  const e = unwrapParens(ast);
  if (e.kind !== 'binary' || !COMPARISON_OPS.has(e.op) || e.returnBool) return undefined;
  const l = unwrapParens(e.lhs);
  const r = unwrapParens(e.rhs);
  if (l.kind === 'vector' && l.offsetMs === 0 && r.kind === 'number') return rangeOf(e.op, r.value);
  if (r.kind === 'vector' && r.offsetMs === 0 && l.kind === 'number')
    return rangeOf(FLIPPED[e.op] ?? e.op, l.value);
  return undefined;
}
