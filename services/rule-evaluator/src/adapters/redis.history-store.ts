import type Redis from 'ioredis';
import { DependencyError } from '@streamwatch/metrics-core';
import type { HistoryBucket } from '../domain/anomaly/seasonal-history';
import type { HistoryStore } from '../ports';

/**
 * Seasonal history in Redis. Per group (an expression's historyId or escapedHistoryId):
 * - `<prefix>:<group>:series`: a set of the group's series (series keys);
 * - `<prefix>:<group>:b:<series>`: a sorted set of buckets, score = bucket start (ms), member
 *   `<t>:<count>:<sum>:<min>:<max>`.
 * Every write trims buckets older than `keepFromT` and sets a TTL of `retentionMs`, so idle series and
 * removed rules expire on their own.
 */
export class RedisHistoryStore implements HistoryStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly retentionMs: number,
  ) {}

  async write(
    group: string,
    entries: Array<{ series: string; buckets: HistoryBucket[] }>,
    keepFromT: number,
  ): Promise<void> {
    if (entries.length === 0) return;
    const index = this.indexKey(group);
    const tx = this.redis.multi();
    tx.sadd(index, ...entries.map((e) => e.series));
    tx.pexpire(index, this.retentionMs);
    for (const { series, buckets } of entries) {
      const key = this.bucketsKey(group, series);
      for (const b of buckets) {
        tx.zremrangebyscore(key, b.t, b.t);
        tx.zadd(key, b.t, `${b.t}:${b.count}:${b.sum}:${b.min}:${b.max}`);
      }
      tx.zremrangebyscore(key, '-inf', `(${keepFromT}`);
      tx.pexpire(key, this.retentionMs);
    }
    const replies = await this.wrap('write', () => tx.exec());
    const failed = replies?.find(([err]) => err);
    if (!replies || failed)
      throw new DependencyError(
        'redis',
        `seasonal history write: ${failed?.[0]?.message ?? 'transaction aborted'}`,
      );
  }

  async load(group: string, fromT: number): Promise<Map<string, HistoryBucket[]>> {
    const series = await this.wrap('load', () => this.redis.smembers(this.indexKey(group)));
    const out = new Map<string, HistoryBucket[]>();
    if (series.length === 0) return out;
    const pipeline = this.redis.pipeline();
    for (const s of series) pipeline.zrangebyscore(this.bucketsKey(group, s), fromT, '+inf');
    const replies = (await this.wrap('load', () => pipeline.exec())) ?? [];
    series.forEach((s, i) => {
      const [err, members] = replies[i] ?? [null, []];
      if (err) throw new DependencyError('redis', `seasonal history load: ${err.message}`, { cause: err });
      const buckets = (members as string[])
        .map(parseBucket)
        .filter((b): b is HistoryBucket => b !== undefined);
      if (buckets.length > 0) out.set(s, buckets);
    });
    return out;
  }

  private indexKey(group: string): string {
    return `${this.prefix}:${group}:series`;
  }

  private bucketsKey(group: string, series: string): string {
    return `${this.prefix}:${group}:b:${series}`;
  }

  private async wrap<T>(op: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw new DependencyError('redis', `seasonal history ${op}: ${(err as Error).message}`, { cause: err });
    }
  }
}

/** A member that does not parse (written by something else) is skipped, losing only that bucket. */
function parseBucket(member: string): HistoryBucket | undefined {
  const [t, count, sum, min, max] = member.split(':').map(Number);
  if (![t, count, sum, min, max].every((x) => x !== undefined && Number.isFinite(x))) return undefined;
  return {
    t: t as number,
    count: count as number,
    sum: sum as number,
    min: min as number,
    max: max as number,
  };
}
