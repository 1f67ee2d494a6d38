import type { Labels } from '@streamwatch/metrics-core';
import { LABEL_NAME_RE } from '@streamwatch/metrics-core';
import type { AggregateNode } from './ast';
import { formatFloatF } from './format-float';
import { groupLabels, signature } from './labels';
import { quantileOf } from './stats';
import { EvalError, type Sample } from './values';

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  values: number[];
  heap: Sample[];
}

const EMPTY: never[] = [];

function newGroup(op: AggregateNode['op'], labels: Labels, first: Sample): Group {
  const spread = op === 'stddev' || op === 'stdvar';
  return {
    labels,
    value: spread ? 0 : first.value,
    mean: first.value,
    count: 1,
    values: op === 'quantile' ? [first.value] : EMPTY,
    heap: op === 'topk' || op === 'bottomk' ? [first] : EMPTY,
  };
}

function addToGroup(op: AggregateNode['op'], g: Group, s: Sample): void {
  const v = s.value;
  g.count++;
  switch (op) {
    case 'sum':
      g.value += v;
      break;
    case 'avg':
      if (!Number.isFinite(g.mean) && !Number.isNaN(g.mean)) {
        if (!Number.isFinite(v) && !Number.isNaN(v) && g.mean > 0 === v > 0) break;
        if (Number.isFinite(v)) break;
      }
      g.mean += v / g.count - g.mean / g.count;
      break;
    case 'max':
      if (g.value < v || Number.isNaN(g.value)) g.value = v;
      break;
    case 'min':
      if (g.value > v || Number.isNaN(g.value)) g.value = v;
      break;
    case 'stddev':
    case 'stdvar': {
      const delta = v - g.mean;
      g.mean += delta / g.count;
      g.value += delta * (v - g.mean);
      break;
    }
    case 'quantile':
      g.values.push(v);
      break;
    case 'topk':
    case 'bottomk':
      g.heap.push(s);
      break;
    default:
      break;
  }
}

/** topk: NaN is the lowest value; bottomk: NaN is the highest. */
function rankCompare(desc: boolean): (a: Sample, b: Sample) => number {
  return (a, b) => {
    const an = Number.isNaN(a.value);
    const bn = Number.isNaN(b.value);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return desc ? b.value - a.value : a.value - b.value;
  };
}

function finish(op: AggregateNode['op'], g: Group, param: number, out: Sample[]): void {
  switch (op) {
    case 'avg':
      out.push({ labels: g.labels, value: g.mean });
      return;
    case 'count':
    case 'count_values':
      out.push({ labels: g.labels, value: g.count });
      return;
    case 'group':
      out.push({ labels: g.labels, value: 1 });
      return;
    case 'stdvar':
      out.push({ labels: g.labels, value: g.count === 1 ? 0 : g.value / g.count });
      return;
    case 'stddev':
      out.push({ labels: g.labels, value: g.count === 1 ? 0 : Math.sqrt(g.value / g.count) });
      return;
    case 'quantile':
      out.push({ labels: g.labels, value: quantileOf(param, g.values) });
      return;
    case 'topk':
    case 'bottomk': {
      const k = Math.trunc(param);
      const ranked = [...g.heap].sort(rankCompare(op === 'topk')).slice(0, k);
      for (const s of ranked) out.push({ labels: s.labels, value: s.value });
      return;
    }
    default:
      out.push({ labels: g.labels, value: g.value });
  }
}

/** Aggregates `input` by the node's grouping, as Prometheus' engine.aggregation (2.x). */
export function aggregate(
  node: AggregateNode,
  input: Sample[],
  param: number | string | undefined,
): Sample[] {
  const { op, without } = node;
  let grouping = node.grouping;
  let samples = input;
  if (op === 'count_values') {
    const label = String(param);
    if (!LABEL_NAME_RE.test(label)) throw new EvalError(`invalid label name "${label}"`);
    if (!without) grouping = [...grouping, label];
    samples = input.map((s) => ({ labels: { ...s.labels, [label]: formatFloatF(s.value) }, value: 1 }));
  }
  if ((op === 'topk' || op === 'bottomk') && (param as number) < 1) return [];
  const on = !without;
  const groups = new Map<string, Group>();
  for (const s of samples) {
    const key = signature(s.labels, grouping, on);
    const g = groups.get(key);
    if (g) addToGroup(op, g, s);
    else {
      groups.set(key, newGroup(op, groupLabels(s.labels, grouping, on), s));
    }
  }
  const out: Sample[] = [];
  for (const g of groups.values()) finish(op, g, typeof param === 'number' ? param : NaN, out);
  return out;
}
