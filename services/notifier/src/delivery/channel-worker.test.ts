import { silentLogger } from '@streamwatch/metrics-core';
import type { ChannelSender, OutgoingMessage } from '../channels/channel';
import { delivered, failed, type DeliveryOutcome } from '../domain/outcome';
import type { ResolvedChannel } from '../domain/receivers';
import type { AttemptRecord, Outbox, OutboxItem, RateLimiter } from '../ports';
import { FakeClock, group, testMetrics } from '../test/fixtures';
import { ChannelWorker } from './channel-worker';

class MemoryOutbox implements Outbox {
  items: OutboxItem[] = [];
  records: AttemptRecord[] = [];
  released: number[] = [];
  async claim(_key: string, limit: number): Promise<OutboxItem[]> {
    return this.items.splice(0, limit);
  }
  async record(r: AttemptRecord[]): Promise<void> {
    this.records.push(...r);
  }
  async release(ids: number[]): Promise<void> {
    this.released.push(...ids);
  }
  async stats() {
    return { pending: this.items.length, dead: 0 };
  }
}

class WindowLimiter implements RateLimiter {
  used = 0;
  constructor(private readonly count: number) {}
  async acquire(_k: string, want: number) {
    const granted = Math.max(0, Math.min(want, this.count - this.used));
    this.used += granted;
    return { granted, remaining: this.count - this.used, resetInMs: 60_000 };
  }
}

function item(id: number, attempts = 0): OutboxItem {
  return {
    id,
    dedupeKey: `d${id}`,
    receiver: 'r',
    channelKey: 'r/dingtalk-0',
    channelType: 'dingtalk',
    status: 'firing',
    origin: 'alertmanager',
    group: group(),
    attempts,
    createdAtMs: 0,
  };
}

const channel: ResolvedChannel = {
  key: 'r/dingtalk-0',
  rateKey: 'robot1',
  receiver: 'r',
  config: { type: 'dingtalk', url: 'http://dt.local' },
  timeoutMs: 1000,
  concurrency: 3,
  rateLimit: { count: 3, perMs: 60_000 },
};

function setup(answer: (m: OutgoingMessage) => DeliveryOutcome, limiter: RateLimiter | undefined) {
  const outbox = new MemoryOutbox();
  const sent: OutgoingMessage[] = [];
  const sender: ChannelSender = { send: async (m) => (sent.push(m), answer(m)) };
  const { metrics, registry } = testMetrics();
  const clock = new FakeClock(10_000);
  const worker = new ChannelWorker({
    channel,
    sender,
    outbox,
    limiter,
    clock,
    policy: { maxAttempts: 3, maxAgeMs: 3_600_000, minDelayMs: 1000, maxDelayMs: 10_000 },
    leaseMs: 30_000,
    links: {},
    metrics,
    logger: silentLogger(),
    random: () => 0.5,
  });
  return { outbox, sent, worker, registry };
}

describe('ChannelWorker', () => {
  it('folds what exceeds the rate limit into one summary instead of dropping it', async () => {
    const { outbox, sent, worker, registry } = setup(() => delivered(), new WindowLimiter(3));
    outbox.items = [1, 2, 3, 4, 5, 6].map((i) => item(i));
    expect(await worker.tick()).toBe(6);
    expect(sent).toHaveLength(3);
    expect(sent.filter((m) => m.folded)).toHaveLength(1);
    expect(sent.find((m) => m.folded)?.groups).toHaveLength(4);
    expect(outbox.records.map((r) => r.item.id).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(outbox.records.filter((r) => r.foldedCount === 4)).toHaveLength(4);
    const text = await registry.metrics();
    expect(text).toContain(
      'streamwatch_notifier_notifications_total{receiver="r",channel="dingtalk",status="folded",service="notifier-test"} 4',
    );
  });

  it('leaves the backlog for the next round while the window still has room', async () => {
    const { outbox, sent, worker } = setup(() => delivered(), new WindowLimiter(100));
    outbox.items = Array.from({ length: 10 }, (_, i) => item(i + 1));
    expect(await worker.tick()).toBe(6);
    expect(sent.filter((m) => m.folded)).toHaveLength(0);
    expect(outbox.released).toEqual([7, 8, 9, 10]);
  });

  it('defers everything when the window is used up', async () => {
    const limiter = new WindowLimiter(0);
    const { outbox, sent, worker } = setup(() => delivered(), limiter);
    outbox.items = [item(1), item(2)];
    await worker.tick();
    expect(sent).toHaveLength(0);
    expect(outbox.released).toEqual([1, 2]);
  });

  it('schedules retries with backoff and dead-letters after max attempts', async () => {
    const { outbox, worker } = setup(() => failed('server_error', true, { providerStatus: 503 }), undefined);
    outbox.items = [item(1, 0), item(2, 2)];
    await worker.tick();
    const [first, second] = outbox.records;
    expect(first?.next).toEqual({ action: 'retry', atMs: 10_000 + 500 });
    expect(second?.next).toEqual({ action: 'dead', why: 'max_attempts' });
  });

  it('turns a throwing sender into a retriable internal failure', async () => {
    const { outbox, worker } = setup(() => {
      throw new Error('boom');
    }, undefined);
    outbox.items = [item(1)];
    await worker.tick();
    expect(outbox.records[0]?.outcome).toMatchObject({
      result: 'failed',
      reason: 'internal',
      retriable: true,
    });
  });
});
