import type { Expr, ValueType } from './ast';
import { COMPARISON_OPS, SET_OPS } from './ast';
import { FUNCTIONS } from './signatures';

type Fail = (message: string) => never;

const TYPE_NAMES: Record<ValueType, string> = {
  scalar: 'scalar',
  vector: 'instant vector',
  matrix: 'range vector',
  string: 'string',
};

export function typeName(t: ValueType): string {
  return TYPE_NAMES[t];
}

export function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case 'number':
      return 'scalar';
    case 'string':
      return 'string';
    case 'vector':
      return 'vector';
    case 'matrix':
      return 'matrix';
    case 'call':
      return FUNCTIONS[e.name]?.returns ?? 'vector';
    case 'aggregate':
      return 'vector';
    case 'binary':
      return typeOf(e.lhs) === 'scalar' && typeOf(e.rhs) === 'scalar' ? 'scalar' : 'vector';
    case 'unary':
      return typeOf(e.expr);
    case 'paren':
      return typeOf(e.expr);
  }
}

export function checkCall(e: Expr & { kind: 'call' }, fail: Fail): void {
  const sig = FUNCTIONS[e.name];
  if (!sig) return fail(`unsupported function: ${e.name}`);
  const min = sig.args.length - (sig.optional ?? 0);
  const tooMany = !sig.variadic && e.args.length > sig.args.length;
  if (e.args.length < min || tooMany) {
    fail(
      `expected ${min === sig.args.length ? '' : 'at most '}${sig.args.length} argument(s) in call to "${e.name}", got ${e.args.length}`,
    );
  }
  e.args.forEach((arg, i) => {
    const want = sig.args[Math.min(i, sig.args.length - 1)] as ValueType;
    const got = typeOf(arg);
    if (got !== want)
      fail(`expected type ${typeName(want)} in call to function "${e.name}", got ${typeName(got)}`);
  });
}

export function checkAggregate(e: Expr & { kind: 'aggregate' }, argCount: number, fail: Fail): void {
  const needsParam = e.op === 'topk' || e.op === 'bottomk' || e.op === 'quantile' || e.op === 'count_values';
  if (needsParam !== (argCount === 2) || argCount > 2)
    fail(
      `wrong number of arguments for aggregate expression provided, expected ${needsParam ? 2 : 1}, got ${argCount}`,
    );
  const t = typeOf(e.expr);
  if (t !== 'vector') fail(`expected type instant vector in aggregation expression, got ${typeName(t)}`);
  if (e.param) {
    const want: ValueType = e.op === 'count_values' ? 'string' : 'scalar';
    const got = typeOf(e.param);
    if (got !== want) fail(`expected type ${typeName(want)} in aggregation parameter, got ${typeName(got)}`);
  }
}

export function checkBinary(e: Expr & { kind: 'binary' }, explicitMatching: boolean, fail: Fail): void {
  const lt = typeOf(e.lhs);
  const rt = typeOf(e.rhs);
  const operandOk = (t: ValueType) => t === 'scalar' || t === 'vector';
  if (!operandOk(lt) || !operandOk(rt))
    fail('binary expression must contain only scalar and instant vector types');
  const isComparison = COMPARISON_OPS.has(e.op);
  const isSet = SET_OPS.has(e.op);
  if (e.returnBool && !isComparison) fail('bool modifier can only be used on comparison operators');
  if (isComparison && lt === 'scalar' && rt === 'scalar' && !e.returnBool)
    fail('comparisons between scalars must use BOOL modifier');
  if (isSet && (lt !== 'vector' || rt !== 'vector'))
    fail(`set operator "${e.op}" not allowed in binary scalar expression`);
  if (explicitMatching && (lt !== 'vector' || rt !== 'vector'))
    fail('vector matching only allowed between instant vectors');
  const m = e.matching;
  if (isSet && (m.card === 'many-to-one' || m.card === 'one-to-many'))
    fail(`no grouping allowed for "${e.op}" operation`);
  if (isSet) m.card = 'many-to-many';
  if (m.on) {
    for (const l of m.include)
      if (m.labels.includes(l)) fail(`label "${l}" must not occur in ON and GROUP clause at once`);
  }
}

export function checkUnary(e: Expr & { kind: 'unary' }, fail: Fail): void {
  const t = typeOf(e.expr);
  if (t !== 'scalar' && t !== 'vector')
    fail('unary expression only allowed on expressions of type scalar or instant vector');
}
