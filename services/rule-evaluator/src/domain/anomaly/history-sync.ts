import type { HistoryStore } from '../../ports';
import { AnomalyExpr } from './anomaly-expr';
import type { HistoryBucket } from './seasonal-history';

export interface SyncResult {
  restoredSeries: number;
  writtenBuckets: number;
}

export interface HistorySyncDeps {
  store: HistoryStore;
  /** Upper bound of the kept history, whatever a rule asks for. */
  retentionMs: number;
  now: () => number;
  onError: (op: 'load' | 'write', err: unknown) => void;
}

/**
 * Keeps the downsampled history of seasonal anomaly rules in a HistoryStore: on the first `sync` that
 * sees an expression it restores that expression's history, and every `sync` writes the buckets changed
 * since the last one. A failed load is retried on the next sync; a failed write re-marks its buckets.
 */
export class HistorySync {
  private readonly restored = new WeakSet<AnomalyExpr>();
  private running: Promise<SyncResult> | undefined;

  constructor(private readonly deps: HistorySyncDeps) {}

  /** One sync at a time: a call while one runs gets that one's result. */
  sync(exprs: Iterable<AnomalyExpr>): Promise<SyncResult> {
    this.running ??= this.run(exprs).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(exprs: Iterable<AnomalyExpr>): Promise<SyncResult> {
    let restoredSeries = 0;
    let writtenBuckets = 0;
    for (const expr of exprs) {
      if (expr.historyId === undefined) continue;
      const keepFromT =
        this.deps.now() - Math.min(this.deps.retentionMs, expr.spec.historyKeepMs ?? this.deps.retentionMs);
      if (!this.restored.has(expr)) {
        try {
          restoredSeries += await this.restore(expr, keepFromT);
          this.restored.add(expr);
        } catch (err) {
          this.deps.onError('load', err);
          continue;
        }
      }
      writtenBuckets += await this.write(expr, keepFromT);
    }
    return { restoredSeries, writtenBuckets };
  }

  /** Restores both histories of `expr`, the escaped one first: its buckets win over those moved to it. */
  private async restore(expr: AnomalyExpr, keepFromT: number): Promise<number> {
    const { historyId, escapedHistoryId } = expr;
    if (historyId === undefined || escapedHistoryId === undefined) return 0;
    let restored = 0;
    for (const [series, buckets] of await this.deps.store.load(escapedHistoryId, keepFromT)) {
      expr.seedHistory(series, buckets);
      restored++;
    }
    for (const [storedKey, buckets] of await this.deps.store.load(historyId, keepFromT)) {
      expr.seedUnescapedHistory(storedKey, buckets);
      restored++;
    }
    return restored;
  }

  /** Writes the buckets changed since the last sync, per history; a failed write marks them changed again. */
  private async write(expr: AnomalyExpr, keepFromT: number): Promise<number> {
    const byGroup = new Map<string, Array<{ series: string; buckets: HistoryBucket[] }>>();
    for (const entry of expr.takeDirtyHistory()) {
      const group = expr.historyIdOf(entry.series);
      if (group === undefined) continue;
      const entries = byGroup.get(group);
      if (entries) entries.push(entry);
      else byGroup.set(group, [entry]);
    }
    let written = 0;
    for (const [group, entries] of byGroup)
      try {
        await this.deps.store.write(group, entries, keepFromT);
        for (const e of entries) written += e.buckets.length;
      } catch (err) {
        for (const e of entries)
          expr.markHistoryDirty(
            e.series,
            e.buckets.map((b) => b.t),
          );
        this.deps.onError('write', err);
      }
    return written;
  }
}

/** The anomaly expressions of loaded alerting rules (the rule compiler wraps their `expr`). */
export function anomalyExprsOf(rules: Iterable<{ alerting?: unknown }>): AnomalyExpr[] {
  const out: AnomalyExpr[] = [];
  for (const r of rules) {
    const expr = (r.alerting as { expr?: unknown } | undefined)?.expr;
    if (expr instanceof AnomalyExpr) out.push(expr);
  }
  return out;
}
