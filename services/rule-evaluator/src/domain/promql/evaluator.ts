import type { Labels } from '@streamwatch/metrics-core';
import type { SeriesStore } from './api';
import {
  unwrapParens,
  SET_OPS,
  type AggregateNode,
  type BinaryNode,
  type CallNode,
  type Expr,
  type VectorSelectorNode,
} from './ast';
import { aggregate } from './aggregate';
import { scalarBinop, setBinop, vectorBinop, vectorScalarBinop } from './binary';
import { histogramQuantile } from './histogram';
import { labelJoin, labelReplace } from './label-functions';
import { dropMetricName, labelsKey } from './labels';
import { KEEPS_METRIC_NAME, RANGE_FUNCTIONS } from './range-functions';
import { selectInstant, selectRange } from './selectors';
import { EvalError, type Sample, type Value } from './values';

const MATH: Readonly<Record<string, (v: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
};

/** Labels of absent()/absent_over_time(): the selector's equality matchers, except __name__. */
function absentLabels(arg: Expr): Labels {
  const sel = arg.kind === 'vector' ? arg : arg.kind === 'matrix' ? arg.selector : undefined;
  const out: Labels = {};
  if (!sel) return out;
  const seen = new Set<string>();
  for (const m of sel.matchers) {
    if (m.name === '__name__') continue;
    if (m.op === '=' && !seen.has(m.name)) out[m.name] = m.value;
    else delete out[m.name];
    seen.add(m.name);
  }
  return out;
}

/** Prometheus rejects results that would hold two series with the same labels. */
function assertUniqueLabels(samples: Sample[]): Sample[] {
  if (samples.length < 2) return samples;
  const seen = new Set<string>();
  for (const s of samples) {
    const k = labelsKey(s.labels);
    if (seen.has(k)) throw new EvalError('vector cannot contain metrics with the same labelset');
    seen.add(k);
  }
  return samples;
}

/**
 * True when `e` is a selector pinning one metric name with `=`: its series are distinct label sets with the
 * same name, so they stay distinct after the name is dropped and the uniqueness check can be skipped.
 */
function pinsOneName(e: Expr): boolean {
  const inner = unwrapParens(e);
  const sel = inner.kind === 'vector' ? inner : inner.kind === 'matrix' ? inner.selector : undefined;
  return sel !== undefined && sel.matchers.some((m) => m.name === '__name__' && m.op === '=');
}

/** Evaluates an AST at one instant against a store. One instance per evaluation. */
export class Evaluator {
  constructor(
    private readonly store: SeriesStore,
    private readonly t: number,
  ) {}

  eval(e: Expr): Value {
    switch (e.kind) {
      case 'number':
        return { type: 'scalar', value: e.value };
      case 'string':
        return { type: 'string', value: e.value };
      case 'paren':
        return this.eval(e.expr);
      case 'vector':
        return { type: 'vector', samples: selectInstant(e, this.store, this.t) };
      case 'matrix':
        return { type: 'matrix', series: selectRange(e, this.store, this.t) };
      case 'unary': {
        const v = this.eval(e.expr);
        if (e.op === '+') return v;
        if (v.type === 'scalar') return { type: 'scalar', value: -v.value };
        return {
          type: 'vector',
          samples: this.vector(v).map((s) => ({ labels: dropMetricName(s.labels), value: -s.value })),
        };
      }
      case 'aggregate':
        return { type: 'vector', samples: this.aggregate(e) };
      case 'binary':
        return this.binary(e);
      case 'call':
        return this.call(e);
    }
  }

  private vector(v: Value): Sample[] {
    if (v.type !== 'vector') throw new EvalError(`expected instant vector, got ${v.type}`);
    return v.samples;
  }

  private scalar(e: Expr): number {
    const v = this.eval(e);
    if (v.type !== 'scalar') throw new EvalError(`expected scalar, got ${v.type}`);
    return v.value;
  }

  private string(e: Expr | undefined): string {
    const v = e ? this.eval(e) : undefined;
    if (v?.type !== 'string') throw new EvalError('expected string argument');
    return v.value;
  }

  private aggregate(e: AggregateNode): Sample[] {
    const param = e.param
      ? e.op === 'count_values'
        ? this.string(e.param)
        : this.scalar(e.param)
      : undefined;
    return aggregate(e, this.vector(this.eval(e.expr)), param);
  }

  private binary(e: BinaryNode): Value {
    const l = this.eval(e.lhs);
    const r = this.eval(e.rhs);
    if (l.type === 'scalar' && r.type === 'scalar')
      return { type: 'scalar', value: scalarBinop(e, l.value, r.value) };
    if (l.type === 'scalar')
      return {
        type: 'vector',
        samples: this.unique(vectorScalarBinop(e, this.vector(r), l.value, true), e.rhs),
      };
    if (r.type === 'scalar')
      return {
        type: 'vector',
        samples: this.unique(vectorScalarBinop(e, this.vector(l), r.value, false), e.lhs),
      };
    if (SET_OPS.has(e.op)) return { type: 'vector', samples: setBinop(e, this.vector(l), this.vector(r)) };
    return { type: 'vector', samples: assertUniqueLabels(vectorBinop(e, this.vector(l), this.vector(r))) };
  }

  private call(e: CallNode): Value {
    const { name, args } = e;
    const rangeFn = RANGE_FUNCTIONS[name];
    if (rangeFn || name === 'absent_over_time')
      return { type: 'vector', samples: this.rangeCall(e, rangeFn) };
    const mathFn = MATH[name];
    if (mathFn) return this.mapValues(args[0] as Expr, mathFn);
    switch (name) {
      case 'time':
        return { type: 'scalar', value: this.t / 1000 };
      case 'vector':
        return { type: 'vector', samples: [{ labels: {}, value: this.scalar(args[0] as Expr) }] };
      case 'scalar': {
        const v = this.vector(this.eval(args[0] as Expr));
        return { type: 'scalar', value: v.length === 1 ? (v[0] as Sample).value : NaN };
      }
      case 'timestamp':
        return this.timestamp(args[0] as Expr);
      case 'round': {
        const to = args[1] ? this.scalar(args[1]) : 1;
        const inv = 1 / to;
        return this.mapValues(args[0] as Expr, (v) => Math.floor(v * inv + 0.5) / inv);
      }
      case 'clamp': {
        const min = this.scalar(args[1] as Expr);
        const max = this.scalar(args[2] as Expr);
        if (max < min) return { type: 'vector', samples: [] };
        return this.mapValues(args[0] as Expr, (v) => Math.max(min, Math.min(max, v)));
      }
      case 'clamp_min': {
        const min = this.scalar(args[1] as Expr);
        return this.mapValues(args[0] as Expr, (v) => Math.max(min, v));
      }
      case 'clamp_max': {
        const max = this.scalar(args[1] as Expr);
        return this.mapValues(args[0] as Expr, (v) => Math.min(max, v));
      }
      case 'label_replace': {
        const v = this.vector(this.eval(args[0] as Expr));
        const [dst, repl, src, re] = args.slice(1).map((a) => this.string(a));
        return {
          type: 'vector',
          samples: assertUniqueLabels(
            labelReplace(v, dst as string, repl as string, src as string, re as string),
          ),
        };
      }
      case 'label_join': {
        const v = this.vector(this.eval(args[0] as Expr));
        const [dst, sep, ...srcs] = args.slice(1).map((a) => this.string(a));
        return {
          type: 'vector',
          samples: assertUniqueLabels(labelJoin(v, dst as string, sep as string, srcs)),
        };
      }
      case 'histogram_quantile': {
        const q = this.scalar(args[0] as Expr);
        return {
          type: 'vector',
          samples: assertUniqueLabels(histogramQuantile(q, this.vector(this.eval(args[1] as Expr)))),
        };
      }
      case 'absent': {
        const v = this.vector(this.eval(args[0] as Expr));
        return {
          type: 'vector',
          samples: v.length > 0 ? [] : [{ labels: absentLabels(args[0] as Expr), value: 1 }],
        };
      }
      default:
        throw new EvalError(`unsupported function: ${name}`);
    }
  }

  private mapValues(arg: Expr, fn: (v: number) => number): Value {
    const out = this.vector(this.eval(arg)).map((s) => ({
      labels: dropMetricName(s.labels),
      value: fn(s.value),
    }));
    return { type: 'vector', samples: this.unique(out, arg) };
  }

  /** `assertUniqueLabels`, skipped when the per-element input came straight from a one-name selector. */
  private unique(samples: Sample[], input: Expr): Sample[] {
    return pinsOneName(input) ? samples : assertUniqueLabels(samples);
  }

  private timestamp(arg: Expr): Value {
    const inner = unwrapParens(arg);
    const fromSelector = inner.kind === 'vector';
    const v = fromSelector
      ? selectInstant(inner as VectorSelectorNode, this.store, this.t)
      : this.vector(this.eval(arg));
    const out = v.map((s) => ({
      labels: dropMetricName(s.labels),
      value: ((fromSelector ? s.t : undefined) ?? this.t) / 1000,
    }));
    return { type: 'vector', samples: assertUniqueLabels(out) };
  }

  private rangeCall(e: CallNode, fn: (typeof RANGE_FUNCTIONS)[string] | undefined): Sample[] {
    const matrixArg = e.args.find((a) => a.kind === 'matrix');
    if (!matrixArg || matrixArg.kind !== 'matrix')
      throw new EvalError(`expected range vector in call to ${e.name}`);
    const paramArg = e.args.find((a) => a !== matrixArg);
    const param = paramArg ? this.scalar(paramArg) : NaN;
    const series = selectRange(matrixArg, this.store, this.t);
    if (!fn) {
      return series.length > 0 ? [] : [{ labels: absentLabels(matrixArg), value: 1 }];
    }
    const rangeEnd = this.t - matrixArg.selector.offsetMs;
    const ctx = {
      rangeStart: rangeEnd - matrixArg.rangeMs,
      rangeEnd,
      rangeMs: matrixArg.rangeMs,
      evalT: this.t,
      param,
    };
    const keepName = KEEPS_METRIC_NAME.has(e.name);
    const out: Sample[] = [];
    for (const s of series) {
      const value = fn(s.points, ctx);
      if (value !== undefined) out.push({ labels: keepName ? s.labels : dropMetricName(s.labels), value });
    }
    return this.unique(out, matrixArg);
  }
}
