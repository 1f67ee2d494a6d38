import type { Labels } from '@streamwatch/metrics-core';
import { COMPARISON_OPS, type BinaryNode, type BinaryOp, type VectorMatching } from './ast';
import { dropMetricName, formatLabels, labelsKey, METRIC_NAME, signature } from './labels';
import { EvalError, type Sample } from './values';

const ARITHMETIC = new Set<string>(['+', '-', '*', '/', '%', '^']);

/** Go's math.Pow differs from JS ** for a few special cases. */
function pow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return a ** b;
}

/** Returns [value, keep] as Prometheus' vectorElemBinop/scalarBinop. */
export function elemBinop(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case '+':
      return [l + r, true];
    case '-':
      return [l - r, true];
    case '*':
      return [l * r, true];
    case '/':
      return [l / r, true];
    case '%':
      return [l % r, true];
    case '^':
      return [pow(l, r), true];
    case '==':
      return [l, l === r];
    case '!=':
      return [l, l !== r];
    case '>':
      return [l, l > r];
    case '<':
      return [l, l < r];
    case '>=':
      return [l, l >= r];
    case '<=':
      return [l, l <= r];
    default:
      throw new EvalError(`operator "${op}" not allowed for scalar operations`);
  }
}

export function scalarBinop(node: BinaryNode, l: number, r: number): number {
  const [v, keep] = elemBinop(node.op, l, r);
  return COMPARISON_OPS.has(node.op) ? (keep ? 1 : 0) : v;
}

/** vector OP scalar, or scalar OP vector when `scalarLeft`. Comparisons keep the vector's value. */
export function vectorScalarBinop(
  node: BinaryNode,
  vec: Sample[],
  scalar: number,
  scalarLeft: boolean,
): Sample[] {
  const dropName = ARITHMETIC.has(node.op) || node.returnBool;
  const comparison = COMPARISON_OPS.has(node.op);
  const out: Sample[] = [];
  for (const s of vec) {
    const [l, r] = scalarLeft ? [scalar, s.value] : [s.value, scalar];
    let [value, keep] = elemBinop(node.op, l, r);
    if (comparison && scalarLeft) value = r;
    if (node.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (keep) out.push({ labels: dropName ? dropMetricName(s.labels) : s.labels, value });
  }
  return out;
}

function resultLabels(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching): Labels {
  let out: Labels;
  if (m.card === 'one-to-one' && m.on) {
    out = {};
    for (const n of m.labels)
      if (lhs[n] !== undefined && n !== (ARITHMETIC.has(op) ? METRIC_NAME : '')) out[n] = lhs[n] as string;
    return out;
  }
  out = ARITHMETIC.has(op) ? dropMetricName(lhs) : { ...lhs };
  if (m.card === 'one-to-one') for (const n of m.labels) delete out[n];
  for (const n of m.include) {
    const v = rhs[n];
    if (v !== undefined && v !== '') out[n] = v;
    else delete out[n];
  }
  return out;
}

/** Vector-vector arithmetic/comparison with Prometheus' matching rules and errors (engine.VectorBinop). */
export function vectorBinop(node: BinaryNode, lhsIn: Sample[], rhsIn: Sample[]): Sample[] {
  const m = node.matching;
  const swapped = m.card === 'one-to-many';
  const [lhs, rhs] = swapped ? [rhsIn, lhsIn] : [lhsIn, rhsIn];
  const rightSigs = new Map<string, Sample>();
  for (const rs of rhs) {
    const sig = signature(rs.labels, m.labels, m.on);
    const dup = rightSigs.get(sig);
    if (dup) {
      throw new EvalError(
        `found duplicate series for the match group on the ${swapped ? 'left' : 'right'} hand-side of the operation: [${formatLabels(rs.labels)}, ${formatLabels(dup.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    }
    rightSigs.set(sig, rs);
  }
  const matched = new Map<string, Set<string> | true>();
  const out: Sample[] = [];
  for (const ls of lhs) {
    const sig = signature(ls.labels, m.labels, m.on);
    const rs = rightSigs.get(sig);
    if (!rs) continue;
    const [vl, vr] = swapped ? [rs.value, ls.value] : [ls.value, rs.value];
    let [value, keep] = elemBinop(node.op, vl, vr);
    if (node.returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (!keep) continue;
    let labels = resultLabels(ls.labels, rs.labels, node.op, m);
    if (node.returnBool) labels = dropMetricName(labels);
    if (m.card === 'one-to-one') {
      if (matched.has(sig))
        throw new EvalError(
          'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)',
        );
      matched.set(sig, true);
    } else {
      const seen = (matched.get(sig) as Set<string> | undefined) ?? new Set<string>();
      const key = labelsKey(labels);
      if (seen.has(key))
        throw new EvalError('multiple matches for labels: grouping labels must ensure unique matches');
      seen.add(key);
      matched.set(sig, seen);
    }
    out.push({ labels, value });
  }
  return out;
}

/** and / or / unless: labels of each side are kept unchanged. */
export function setBinop(node: BinaryNode, lhs: Sample[], rhs: Sample[]): Sample[] {
  const m = node.matching;
  const sig = (s: Sample) => signature(s.labels, m.labels, m.on);
  if (node.op === 'or') {
    const left = new Set(lhs.map(sig));
    return lhs.concat(rhs.filter((s) => !left.has(sig(s))));
  }
  const right = new Set(rhs.map(sig));
  return node.op === 'and' ? lhs.filter((s) => right.has(sig(s))) : lhs.filter((s) => !right.has(sig(s)));
}
