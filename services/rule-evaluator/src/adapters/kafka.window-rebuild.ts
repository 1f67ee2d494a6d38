import type { Consumer, Kafka } from 'kafkajs';
import type { Logger } from 'pino';

export interface WindowRebuildOptions {
  kafka: Kafka;
  consumer: Consumer;
  topic: string;
  groupId: string;
  /** How far back to re-read on joining to rebuild windows; 0 disables the seek. */
  windowMs: () => number;
  now: () => number;
  logger: Logger;
  /** Called once the first join's seeks are issued (from then on `isReplaying()` reflects the partitions). */
  onJoined?: () => void;
}

/**
 * On joining the group, seeks each newly assigned partition back by the longest rule window (by timestamp)
 * and marks messages up to the committed offset as replay, so windows are rebuilt without alerting twice.
 */
export class WindowRebuild {
  private readonly committed = new Map<number, bigint>();
  private readonly seen = new Set<number>();
  private readonly log: Logger;
  private pending: Promise<void> = Promise.resolve();
  private joined = false;

  constructor(private readonly opts: WindowRebuildOptions) {
    this.log = opts.logger.child({ component: 'window-rebuild' });
    const c = opts.consumer;
    c.on(c.events.GROUP_JOIN, (e) => {
      const partitions = e.payload.memberAssignment[opts.topic] ?? [];
      const previous = this.pending;
      this.pending = previous
        .then(() => this.rebuild(partitions.filter((p) => !this.seen.has(p))))
        .then(() => {
          if (this.joined) return;
          this.joined = true;
          this.opts.onJoined?.();
        });
    });
  }

  /**
   * Resolves once the seeks for the latest join are issued. A batch fetched before them must wait for this and
   * then be dropped if stale (the partition was seeked), or its messages would be read live, then again.
   */
  settled(): Promise<void> {
    return this.pending;
  }

  /**
   * True until the first join's seeks are issued (until then nothing says whether there is history to re-read,
   * and a tick on empty windows would resolve alerts restored from before a restart), then while any assigned
   * partition is still re-reading already evaluated messages.
   */
  isReplaying(): boolean {
    return !this.joined || this.committed.size > 0;
  }

  /** Whether the message at `offset` of `partition` re-reads one evaluated before. */
  isReplay(partition: number, offset: string): boolean {
    const until = this.committed.get(partition);
    if (until === undefined) return false;
    if (BigInt(offset) < until) return true;
    this.committed.delete(partition);
    return false;
  }

  private async rebuild(partitions: number[]): Promise<void> {
    if (partitions.length === 0) return;
    for (const p of partitions) this.seen.add(p);
    const windowMs = this.opts.windowMs();
    if (windowMs <= 0) return;
    const { kafka, topic, groupId } = this.opts;
    const admin = kafka.admin();
    try {
      await admin.connect();
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const latest = await admin.fetchTopicOffsets(topic);
      const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, this.opts.now() - windowMs);
      for (const p of partitions) {
        const c = committed?.partitions.find((x) => x.partition === p);
        const high = latest.find((x) => x.partition === p)?.high ?? '0';
        const until = c && Number(c.offset) >= 0 ? c.offset : high;
        const target = byTime.find((x) => x.partition === p);
        if (!target || Number(target.offset) < 0) continue;
        if (Number(until) > Number(target.offset)) this.committed.set(p, BigInt(until));
        this.opts.consumer.seek({ topic, partition: p, offset: target.offset });
      }
      this.log.info(
        { partitions, windowMs, replayUntil: [...this.committed].map(([p, o]) => `${p}:${o}`) },
        'seeking back to rebuild windows',
      );
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message },
        'window rebuild seek failed; continuing from committed offsets',
      );
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}
