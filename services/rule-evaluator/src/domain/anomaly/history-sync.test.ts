import type { Labels } from '@streamwatch/metrics-core';
import type { HistoryStore } from '../../ports';
import type { CompiledExpr, InstantValue, SeriesStore } from '../promql/api';
import { AnomalyExpr } from './anomaly-expr';
import { parseAnomalySpec } from './anomaly-spec';
import { anomalyExprsOf, HistorySync } from './history-sync';
import type { HistoryBucket } from './seasonal-history';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = 1_700_000_400_000; // a multiple of 5 min

/** In-memory HistoryStore with the contract of the Redis adapter. */
class MemoryHistoryStore implements HistoryStore {
  readonly groups = new Map<string, Map<string, Map<number, HistoryBucket>>>();
  failWrites = false;
  failLoads = false;
  lastKeepFromT = NaN;

  async write(
    group: string,
    entries: Array<{ series: string; buckets: HistoryBucket[] }>,
    keepFromT: number,
  ): Promise<void> {
    if (this.failWrites) throw new Error('down');
    this.lastKeepFromT = keepFromT;
    const g = this.groups.get(group) ?? new Map<string, Map<number, HistoryBucket>>();
    this.groups.set(group, g);
    for (const e of entries) {
      const s = g.get(e.series) ?? new Map<number, HistoryBucket>();
      g.set(e.series, s);
      for (const b of e.buckets) s.set(b.t, { ...b });
      for (const t of s.keys()) if (t < keepFromT) s.delete(t);
    }
  }

  async load(group: string, fromT: number): Promise<Map<string, HistoryBucket[]>> {
    if (this.failLoads) throw new Error('down');
    const out = new Map<string, HistoryBucket[]>();
    for (const [series, s] of this.groups.get(group) ?? [])
      out.set(
        series,
        [...s.values()].filter((b) => b.t >= fromT).sort((a, b) => a.t - b.t),
      );
    return out;
  }
}

/** An input expression with one series whose value the test sets. */
function input(text = 'orders:rate5m'): { expr: CompiledExpr; set: (v: number) => void } {
  let value = 0;
  const expr: CompiledExpr = {
    text,
    selectors: [],
    windowMs: 0,
    evaluate: (): InstantValue => ({ type: 'vector', samples: [{ labels: { job: 'shop' }, value }] }),
  };
  return { expr, set: (v) => (value = v) };
}

const SPEC = {
  detector: 'seasonal',
  period: '1h',
  seasons: 2,
  step: '5m',
  residual_window: '1h',
  threshold: 5,
  min_samples: 5,
  interval: '5m',
};
/** An hourly sawtooth 100..155 with a little deterministic wobble. */
const shape = (t: number) => 100 + 5 * (((t - T0) / (5 * MIN)) % 12) + Math.sin(t / 7e5);
const store = {} as SeriesStore;

function anomalyExpr(text?: string) {
  const inp = input(text);
  const expr = new AnomalyExpr(inp.expr, parseAnomalySpec(SPEC));
  const at = (t: number, v: number) => {
    inp.set(v);
    return expr.evaluate(store, t);
  };
  return { expr, at };
}

function sync(history: MemoryHistoryStore, now: number, errors: string[] = []) {
  return new HistorySync({
    store: history,
    retentionMs: 24 * HOUR,
    now: () => now,
    onError: (op) => errors.push(op),
  });
}

describe('HistorySync', () => {
  it('restores a seasonal baseline after a restart: after min_samples observations the new instance flags an off-season value, a cold one does not', async () => {
    const history = new MemoryHistoryStore();
    const a = anomalyExpr();
    const end = T0 + 3 * HOUR;
    for (let t = T0; t < end; t += 5 * MIN) a.at(t, shape(t));
    expect(await sync(history, end).sync([a.expr])).toEqual({ restoredSeries: 0, writtenBuckets: 36 });
    expect(history.lastKeepFromT).toBe(end - 3 * HOUR);

    const restarted = anomalyExpr();
    const cold = anomalyExpr();
    expect((await sync(history, end).sync([restarted.expr])).restoredSeries).toBe(1);
    // min_samples residuals first, then a value that belongs half an hour away
    for (let t = end; t < end + 30 * MIN; t += 5 * MIN) {
      expect(restarted.at(t, shape(t))).toMatchObject({ samples: [] });
      cold.at(t, shape(t));
    }
    const t = end + 30 * MIN;
    expect(restarted.at(t, shape(t + 30 * MIN))).toMatchObject({ samples: [{ labels: { job: 'shop' } }] });
    expect(cold.at(t, shape(t + 30 * MIN))).toMatchObject({ samples: [] });
  });

  it('writes only buckets changed since the last sync, and re-marks them when a write fails', async () => {
    const history = new MemoryHistoryStore();
    const errors: string[] = [];
    const a = anomalyExpr();
    const s = sync(history, T0, errors);
    a.at(T0, 1);
    expect((await s.sync([a.expr])).writtenBuckets).toBe(1);
    expect((await s.sync([a.expr])).writtenBuckets).toBe(0);
    a.at(T0 + 5 * MIN, 2);
    history.failWrites = true;
    expect((await s.sync([a.expr])).writtenBuckets).toBe(0);
    history.failWrites = false;
    expect((await s.sync([a.expr])).writtenBuckets).toBe(1);
    expect(errors).toEqual(['write']);
    const buckets = [...(history.groups.get(a.expr.historyId!)?.values() ?? [])].flatMap((m) => [
      ...m.values(),
    ]);
    expect(buckets.map((b) => [b.t, b.count, b.sum, b.min, b.max])).toEqual([
      [T0, 1, 1, 1, 1],
      [T0 + 5 * MIN, 1, 2, 2, 2],
    ]);
  });

  it('retries a failed restore on the next sync, and names history by input expression and step', async () => {
    const history = new MemoryHistoryStore();
    const errors: string[] = [];
    const s = sync(history, T0, errors);
    const a = anomalyExpr();
    history.failLoads = true;
    await s.sync([a.expr]);
    history.failLoads = false;
    await history.write(
      a.expr.historyId!,
      [{ series: '{job="shop"}', buckets: [{ t: T0 - 5 * MIN, count: 1, sum: 7, min: 7, max: 7 }] }],
      0,
    );
    expect((await s.sync([a.expr])).restoredSeries).toBe(1);
    expect(errors).toEqual(['load']);
    expect(anomalyExpr().expr.historyId).toBe(a.expr.historyId);
    expect(anomalyExpr('other').expr.historyId).not.toBe(a.expr.historyId);
    expect(
      new AnomalyExpr(input().expr, parseAnomalySpec({ detector: 'zscore', window: '1h' })).historyId,
    ).toBeUndefined();
  });

  it('finds anomaly expressions among loaded rules', () => {
    const a = anomalyExpr();
    expect(
      anomalyExprsOf([{ alerting: { expr: a.expr } }, { alerting: { expr: input().expr } }, {}]),
    ).toEqual([a.expr]);
  });
});

describe('HistorySync across the escaping of label values in series keys', () => {
  const bucket = (t: number, v: number) => ({ t, count: 1, sum: v, min: v, max: v });
  const series: Labels[] = [
    { job: 'shop' },
    { job: 'sh"op' },
    { job: 'C:\\new' },
    { a: 'x', job: 'y' },
    { a: 'x",job="y' },
    { a: 'x"y', job: 'z' },
  ];
  const multi = () =>
    new AnomalyExpr(
      {
        text: 'orders:rate5m',
        selectors: [],
        windowMs: 0,
        evaluate: () => ({ type: 'vector', samples: series.map((labels) => ({ labels, value: 1 })) }),
      },
      parseAnomalySpec(SPEC),
    );
  const keysOf = (history: MemoryHistoryStore, group: string | undefined) =>
    Object.fromEntries(
      [...(history.groups.get(group!) ?? [])].map(([k, m]) => [k, [...m.values()].map((b) => b.sum)]),
    );

  it('keeps unchanged keys in place and moves every other series the history it had before', async () => {
    const history = new MemoryHistoryStore();
    const before = T0 - 10 * MIN;
    // as written before values were escaped: verbatim, all under historyId
    await history.write(
      multi().historyId!,
      [
        { series: '{job="shop"}', buckets: [bucket(before, 1)] },
        { series: '{job="sh"op"}', buckets: [bucket(before, 2)] },
        { series: '{job="C:\\new"}', buckets: [bucket(before, 3)] },
        // the old key of both {a="x",job="y"} and {a='x",job="y'}: the first, which needs no escaping, had it
        { series: '{a="x",job="y"}', buckets: [bucket(before, 4)] },
        // the key today of {a='x",job="y'}, but written by {a='x\",job=\"y'}, a label set with backslashes
        { series: '{a="x\\",job=\\"y"}', buckets: [bucket(before, 5)] },
        { series: '{a="x"y",job="z"}', buckets: [bucket(before, 6)] },
      ],
      0,
    );
    const expr = multi();
    const s = sync(history, T0);
    expect((await s.sync([expr])).restoredSeries).toBe(6);
    expr.evaluate(store, T0);
    expect((await s.sync([expr])).writtenBuckets).toBe(series.length + 3);
    expect(keysOf(history, expr.escapedHistoryId)).toEqual({
      '{job="sh\\"op"}': [2, 1],
      '{job="C:\\\\new"}': [3, 1],
      '{a="x\\",job=\\"y"}': [1],
      '{a="x\\"y",job="z"}': [6, 1],
    });
    expect(keysOf(history, expr.historyId)).toMatchObject({
      '{job="shop"}': [1, 1],
      '{a="x",job="y"}': [4, 1],
    });

    // a restart finds every series' history where it now lives, and moves nothing again
    const restarted = multi();
    const again = sync(history, T0 + 5 * MIN);
    await again.sync([restarted]);
    restarted.evaluate(store, T0 + 5 * MIN);
    expect((await again.sync([restarted])).writtenBuckets).toBe(series.length);
    expect(keysOf(history, expr.escapedHistoryId)).toEqual({
      '{job="sh\\"op"}': [2, 1, 1],
      '{job="C:\\\\new"}': [3, 1, 1],
      '{a="x\\",job=\\"y"}': [1, 1],
      '{a="x\\"y",job="z"}': [6, 1, 1],
    });
  });

  it('keeps the history id it had, and files a series whose key escapes a value apart', () => {
    const expr = multi();
    // 64-bit FNV-1a of 'orders:rate5m\u0000300000', the id before values were escaped
    expect(expr.historyId).toBe('735ab7be55348379');
    expect(expr.historyIdOf('{job="shop"}')).toBe(expr.historyId);
    expect(expr.historyIdOf('{job="sh\\"op"}')).toBe(expr.escapedHistoryId);
    expect(expr.escapedHistoryId).not.toBe(expr.historyId);
  });
});
