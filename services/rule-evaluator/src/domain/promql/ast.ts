import type { LabelMatcher } from './api';
import type { CompiledMatcher } from './matchers';

export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

export type BinaryOp =
  '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '<' | '>=' | '<=' | 'and' | 'or' | 'unless';

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count'
  | 'stddev'
  | 'stdvar'
  | 'quantile'
  | 'topk'
  | 'bottomk'
  | 'count_values'
  | 'group';

export type Cardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

export interface VectorMatching {
  card: Cardinality;
  on: boolean;
  labels: string[];
  include: string[];
}

export interface NumberNode {
  kind: 'number';
  value: number;
}
export interface StringNode {
  kind: 'string';
  value: string;
}
export interface VectorSelectorNode {
  kind: 'vector';
  matchers: LabelMatcher[];
  /** `matchers` compiled (regexes checked) when the expression was parsed. */
  compiled: readonly CompiledMatcher[];
  offsetMs: number;
}
export interface MatrixSelectorNode {
  kind: 'matrix';
  selector: VectorSelectorNode;
  rangeMs: number;
}
export interface CallNode {
  kind: 'call';
  name: string;
  args: Expr[];
}
export interface AggregateNode {
  kind: 'aggregate';
  op: AggregateOp;
  param?: Expr;
  grouping: string[];
  without: boolean;
  expr: Expr;
}
export interface BinaryNode {
  kind: 'binary';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  returnBool: boolean;
  matching: VectorMatching;
}
export interface UnaryNode {
  kind: 'unary';
  op: '-' | '+';
  expr: Expr;
}
export interface ParenNode {
  kind: 'paren';
  expr: Expr;
}

export type Expr =
  | NumberNode
  | StringNode
  | VectorSelectorNode
  | MatrixSelectorNode
  | CallNode
  | AggregateNode
  | BinaryNode
  | UnaryNode
  | ParenNode;

export const COMPARISON_OPS: ReadonlySet<string> = new Set(['==', '!=', '>', '<', '>=', '<=']);
export const SET_OPS: ReadonlySet<string> = new Set(['and', 'or', 'unless']);

/** Removes any number of enclosing parentheses. */
export function unwrapParens(e: Expr): Expr {
  let cur = e;
  while (cur.kind === 'paren') cur = cur.expr;
  return cur;
}
