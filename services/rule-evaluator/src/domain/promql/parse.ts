import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import { PromQLError, type LabelMatcher, type MatchOp } from './api';
import type {
  AggregateOp,
  BinaryOp,
  Expr,
  MatrixSelectorNode,
  VectorMatching,
  VectorSelectorNode,
} from './ast';
import { checkAggregate, checkBinary, checkCall, checkUnary } from './type-check';
import { errorAt, throwOnSyntaxError } from './parse-errors';
import { parseNumberLiteral, unquote } from './literals';
import { compileMatchers, compileRegex } from './matchers';
import { parseDuration } from '@streamwatch/metrics-core';
import { AGGREGATIONS, FUNCTIONS } from './signatures';

const UNSUPPORTED_NODES: Record<string, string> = {
  SubqueryExpr: 'subqueries are not supported',
  StepInvariantExpr: '@ modifier is not supported',
  AnchoredExpr: 'anchored modifier is not supported',
  SmoothedExpr: 'smoothed modifier is not supported',
};

function kids(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'LineComment') out.push(c);
  return out;
}

/** Parses PromQL text into the engine's AST, rejecting syntax errors and unsupported constructs. */
export function parsePromQL(text: string): Expr {
  const tree = parser.parse(text);
  throwOnSyntaxError(text, tree);
  return new AstBuilder(text).build(tree.topNode);
}

class AstBuilder {
  constructor(private readonly text: string) {}

  build(top: SyntaxNode): Expr {
    const [root] = kids(top);
    if (!root) throw errorAt(this.text, 0, 'empty expression');
    return this.expr(root);
  }

  private src(n: SyntaxNode): string {
    return this.text.slice(n.from, n.to);
  }

  private fail(n: SyntaxNode, message: string): never {
    throw errorAt(this.text, n, message);
  }

  private expr(n: SyntaxNode): Expr {
    const unsupported = UNSUPPORTED_NODES[n.name];
    if (unsupported) this.fail(n, unsupported);
    switch (n.name) {
      case 'NumberDurationLiteral': {
        const value = parseNumberLiteral(this.src(n));
        if (value === undefined) this.fail(n, `invalid number ${JSON.stringify(this.src(n))}`);
        return { kind: 'number', value };
      }
      case 'StringLiteral':
        return { kind: 'string', value: unquote(this.src(n)) };
      case 'VectorSelector':
        return this.vectorSelector(n);
      case 'MatrixSelector':
        return this.matrixSelector(n);
      case 'OffsetExpr':
        return this.offset(n);
      case 'ParenExpr':
        return { kind: 'paren', expr: this.expr(this.only(n)) };
      case 'UnaryExpr': {
        const [op, inner] = kids(n);
        const e: Expr = {
          kind: 'unary',
          op: this.src(op as SyntaxNode) === '-' ? '-' : '+',
          expr: this.expr(inner as SyntaxNode),
        };
        checkUnary(e, (m) => this.fail(n, m));
        return e;
      }
      case 'FunctionCall':
        return this.call(n);
      case 'AggregateExpr':
        return this.aggregate(n);
      case 'BinaryExpr':
        return this.binary(n);
      default:
        return this.fail(n, `unsupported expression: ${this.src(n)}`);
    }
  }

  private only(n: SyntaxNode): SyntaxNode {
    const [c] = kids(n);
    if (!c) this.fail(n, 'syntax error: empty parentheses');
    return c;
  }

  private vectorSelector(n: SyntaxNode): VectorSelectorNode {
    const matchers: LabelMatcher[] = [];
    for (const c of kids(n)) {
      if (c.name === 'Identifier') matchers.push({ name: '__name__', op: '=', value: this.src(c) });
      else if (c.name === 'LabelMatchers') for (const m of kids(c)) matchers.push(this.labelMatcher(m));
      else this.fail(c, `unsupported selector syntax: ${this.src(c)}`);
    }
    if (matchers.filter((m) => m.name === '__name__' && m.op === '=').length > 1)
      this.fail(n, 'metric name must not be set twice');
    const compiled = compileMatchers(matchers);
    if (!compiled.some((m) => !m.matches(''))) {
      this.fail(n, 'vector selector must contain at least one non-empty matcher');
    }
    return { kind: 'vector', matchers, compiled, offsetMs: 0 };
  }

  private labelMatcher(m: SyntaxNode): LabelMatcher {
    const parts = kids(m);
    if (m.name === 'QuotedLabelName')
      return { name: '__name__', op: '=', value: unquote(this.src(parts[0] as SyntaxNode)) };
    const [nameNode, opNode, valueNode] = parts;
    if (!nameNode || !opNode || !valueNode) this.fail(m, `invalid label matcher: ${this.src(m)}`);
    const name = nameNode.name === 'StringLiteral' ? unquote(this.src(nameNode)) : this.src(nameNode);
    const op = this.src(opNode) as MatchOp;
    const value = unquote(this.src(valueNode));
    if (op === '=~' || op === '!~') this.checkRegex(valueNode, value);
    return { name, op, value };
  }

  /** A regex RE2 would refuse fails the parse, so a rule holding one never loads (Prometheus refuses it too). */
  private checkRegex(n: SyntaxNode, pattern: string, context = ''): void {
    try {
      compileRegex(pattern);
    } catch (err) {
      if (err instanceof PromQLError) this.fail(n, `${context}${err.message}`);
      throw err;
    }
  }

  private durationOf(n: SyntaxNode | undefined, what: string): number {
    if (!n) throw errorAt(this.text, this.text.length, `missing ${what}`);
    const inner = kids(n);
    if (inner.length === 1 && inner[0]?.name === 'UnaryOp') this.fail(n, `negative ${what} is not supported`);
    if (inner.length !== 1 || inner[0]?.name !== 'NumberDurationLiteralInDurationContext') {
      if (inner[0]?.name === 'UnaryOp') this.fail(n, `negative ${what} is not supported`);
      this.fail(n, `duration expressions are not supported: ${this.src(n)}`);
    }
    const ms = parseDuration(this.src(n));
    if (ms === undefined) this.fail(n, `invalid ${what} ${JSON.stringify(this.src(n))}`);
    return ms;
  }

  private matrixSelector(n: SyntaxNode): MatrixSelectorNode {
    const [sel, range] = kids(n);
    if (!sel || sel.name !== 'VectorSelector') this.fail(n, 'ranges only allowed for vector selectors');
    const rangeMs = this.durationOf(range, 'range');
    if (rangeMs <= 0) this.fail(n, 'range must be greater than 0');
    return { kind: 'matrix', selector: this.vectorSelector(sel), rangeMs };
  }

  private offset(n: SyntaxNode): Expr {
    const parts = kids(n);
    const inner = this.expr(parts[0] as SyntaxNode);
    const offsetMs = this.durationOf(
      parts.find((p) => p.name === 'OffsetDurationExpr'),
      'offset',
    );
    const sel = inner.kind === 'vector' ? inner : inner.kind === 'matrix' ? inner.selector : undefined;
    if (!sel)
      this.fail(n, 'offset modifier must be preceded by an instant vector selector or range vector selector');
    if (sel.offsetMs !== 0) this.fail(n, 'offset may not be set multiple times');
    sel.offsetMs = offsetMs;
    return inner;
  }

  private call(n: SyntaxNode): Expr {
    const [ident, body] = kids(n);
    const name = this.src(ident as SyntaxNode);
    if (!(name in FUNCTIONS)) this.fail(n, `unsupported function: ${name}`);
    const argNodes = body ? kids(body) : [];
    const args = argNodes.map((a) => this.expr(a));
    const e: Expr = { kind: 'call', name, args };
    checkCall(e, (m) => this.fail(n, m));
    const regex = args[4];
    // Prometheus finds a bad label_replace regex only when it evaluates; a rule could then never succeed.
    if (name === 'label_replace' && regex?.kind === 'string')
      this.checkRegex(argNodes[4] as SyntaxNode, regex.value, 'in label_replace(): ');
    return e;
  }

  private aggregate(n: SyntaxNode): Expr {
    let op = '';
    let grouping: string[] = [];
    let without = false;
    let args: Expr[] = [];
    for (const c of kids(n)) {
      if (c.name === 'AggregateOp') op = this.src(c).toLowerCase();
      else if (c.name === 'AggregateModifier') {
        without = kids(c)[0]?.name === 'Without';
        grouping = this.groupingLabels(kids(c)[1]);
      } else if (c.name === 'FunctionCallBody') args = kids(c).map((a) => this.expr(a));
    }
    if (!AGGREGATIONS.has(op)) this.fail(n, `unsupported aggregation: ${op}`);
    const expr = args[args.length - 1];
    if (!expr) this.fail(n, `no arguments for aggregate expression ${op}`);
    const e: Expr = {
      kind: 'aggregate',
      op: op as AggregateOp,
      grouping,
      without,
      expr,
      param: args.length > 1 ? args[0] : undefined,
    };
    checkAggregate(e, args.length, (m) => this.fail(n, m));
    return e;
  }

  private groupingLabels(n: SyntaxNode | undefined): string[] {
    if (!n) return [];
    return kids(n).map((l) => (l.name === 'LabelName' ? this.src(l) : unquote(this.src(kids(l)[0] ?? l))));
  }

  private binary(n: SyntaxNode): Expr {
    const parts = kids(n);
    const lhs = this.expr(parts[0] as SyntaxNode);
    const rhs = this.expr(parts[parts.length - 1] as SyntaxNode);
    const opNode = parts[1] as SyntaxNode;
    const op = this.src(opNode).toLowerCase();
    if (opNode.name === 'Atan2') this.fail(opNode, 'unsupported operator: atan2');
    let returnBool = false;
    let matching: VectorMatching | undefined;
    for (const c of parts.slice(2, -1)) {
      if (c.name === 'BoolModifier') returnBool = true;
      else if (c.name === 'MatchingModifierClause') matching = this.matching(c);
      else this.fail(c, `unsupported binary modifier: ${this.src(c)}`);
    }
    const isSet = op === 'and' || op === 'or' || op === 'unless';
    const e: Expr = {
      kind: 'binary',
      op: op as BinaryOp,
      lhs,
      rhs,
      returnBool,
      matching: matching ?? {
        card: isSet ? 'many-to-many' : 'one-to-one',
        on: false,
        labels: [],
        include: [],
      },
    };
    checkBinary(e, matching !== undefined, (m) => this.fail(n, m));
    return e;
  }

  private matching(c: SyntaxNode): VectorMatching {
    const parts = kids(c);
    const m: VectorMatching = { card: 'one-to-one', on: false, labels: [], include: [] };
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i] as SyntaxNode;
      if (p.name === 'On' || p.name === 'Ignoring') {
        m.on = p.name === 'On';
        m.labels = this.groupingLabels(parts[i + 1]);
        i++;
      } else if (p.name === 'GroupLeft' || p.name === 'GroupRight') {
        m.card = p.name === 'GroupLeft' ? 'many-to-one' : 'one-to-many';
        if (parts[i + 1]?.name === 'GroupingLabels') m.include = this.groupingLabels(parts[++i]);
      } else this.fail(p, `unsupported matching modifier: ${this.src(p)}`);
    }
    return m;
  }
}
