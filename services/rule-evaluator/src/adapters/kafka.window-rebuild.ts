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
  /**
   * Called once each join's seeks are issued, with the assigned partitions still re-reading (from the first
   * call on, `isReplaying()` reflects the partitions).
   */
  onJoined?: (replaying: number[]) => void;
}

/**
 * On joining the group, seeks each newly assigned partition back by the longest rule window (by timestamp)
 * and marks messages up to the committed offset as replay, so windows are rebuilt without alerting twice.
 * A partition stops re-reading with its last replayed message, whether or not anything follows it.
 */
export class WindowRebuild {
  /** Per partition still re-reading: the offset its replay ends before (the committed offset at the join). */
  private readonly replayUntil = new Map<number, bigint>();
  private readonly seen = new Set<number>();
  private readonly log: Logger;
  private pending: Promise<void> = Promise.resolve();
  private joined = false;

  constructor(private readonly opts: WindowRebuildOptions) {
    this.log = opts.logger.child({ component: 'window-rebuild' });
    const c = opts.consumer;
    c.on(c.events.GROUP_JOIN, (e) => {
      const partitions = e.payload.memberAssignment[opts.topic] ?? [];
      this.log.info({ partitions, memberId: e.payload.memberId }, 'joined the consumer group');
      const previous = this.pending;
      this.pending = previous
        .then(() => this.rebuild(partitions))
        .then(() => {
          this.joined = true;
          this.opts.onJoined?.(this.replayingPartitions());
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
    return !this.joined || this.replayUntil.size > 0;
  }

  /** The assigned partitions still re-reading, ascending (none before the first join: see `isReplaying`). */
  replayingPartitions(): number[] {
    return [...this.replayUntil.keys()].sort((a, b) => a - b);
  }

  /** Whether `partition` is still re-reading (its replay has not reached its last replayed message yet). */
  isReplayingPartition(partition: number): boolean {
    return this.replayUntil.has(partition);
  }

  /** Whether the message at `offset` of `partition` re-reads one evaluated before. */
  isReplay(partition: number, offset: string): boolean {
    const until = this.replayUntil.get(partition);
    return until !== undefined && BigInt(offset) < until;
  }

  /**
   * Records that the message at `offset` of `partition` was read (in order): the partition's replay ends with
   * its last replayed message, or the first one past it, whether or not anything follows.
   */
  read(partition: number, offset: string): void {
    const until = this.replayUntil.get(partition);
    if (until !== undefined && BigInt(offset) + 1n >= until) this.replayUntil.delete(partition);
  }

  private async rebuild(assigned: number[]): Promise<void> {
    // a partition taken away mid-replay is someone else's now: it no longer holds anything back here
    const kept = new Set(assigned);
    for (const p of [...this.replayUntil.keys()]) if (!kept.has(p)) this.replayUntil.delete(p);
    const partitions = assigned.filter((p) => !this.seen.has(p));
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
        if (Number(until) > Number(target.offset)) this.replayUntil.set(p, BigInt(until));
        this.opts.consumer.seek({ topic, partition: p, offset: target.offset });
      }
      this.log.info(
        { partitions, windowMs, replayUntil: [...this.replayUntil].map(([p, o]) => `${p}:${o}`) },
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
