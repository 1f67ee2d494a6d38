import type { Labels } from '@streamwatch/metrics-core';
import type { InstantValue, VectorSample } from './api';
import { compileExpr } from './compile';
import { formatLabels } from './labels';
import { MemorySeriesStore } from './memory-store';

/** Builds a store from `{labels, values}` with one sample per `stepMs`, starting at 0; undefined = gap. */
export function storeOf(
  series: { labels: Labels; values: (number | undefined)[] }[],
  stepMs = 60_000,
): MemorySeriesStore {
  const store = new MemorySeriesStore();
  for (const s of series) {
    s.values.forEach((v, i) => {
      if (v !== undefined) store.add(s.labels, i * stepMs, v);
    });
  }
  return store;
}

/** Evaluates and renders a vector as sorted `labels value` lines (or the scalar). */
export function evalAt(store: MemorySeriesStore, expr: string, tMs: number): string[] | number {
  const v: InstantValue = compileExpr(expr).evaluate(store, tMs);
  if (v.type === 'scalar') return v.value;
  if (v.type === 'string') return [v.value];
  return v.samples.map((s: VectorSample) => `${formatLabels(s.labels)} ${s.value}`).sort();
}
