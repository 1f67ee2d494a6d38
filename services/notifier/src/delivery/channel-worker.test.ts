import { silentLogger } from '@streamwatch/metrics-core';
import type { ChannelSender, OutgoingMessage } from '../channels/channel';
import { delivered, failed, type DeliveryOutcome } from '../domain/outcome';
import type { ResolvedChannel } from '../domain/receivers';
import type { AttemptRecord, Outbox, OutboxItem, RateLimiter } from '../ports';
import { alert, FakeClock, group, testMetrics } from '../test/fixtures';
import { ChannelWorker } from './channel-worker';
import { LocalRateLimiter } from './local-rate-limiter';

/** Claims take due items in id order; released items are due again at the time given. */
class MemoryOutbox implements Outbox {
  items: OutboxItem[] = [];
  records: AttemptRecord[] = [];
  released: number[] = [];
  private readonly claimed = new Map<number, OutboxItem>();
  private later: Array<{ item: OutboxItem; atMs: number }> = [];
  constructor(private readonly clock: FakeClock) {}
  async claim(_key: string, limit: number): Promise<OutboxItem[]> {
    const due = this.later.filter((l) => l.atMs <= this.clock.now());
    this.later = this.later.filter((l) => l.atMs > this.clock.now());
    this.items = [...this.items, ...due.map((l) => l.item)].sort((a, b) => a.id - b.id);
    const out = this.items.splice(0, limit);
    for (const i of out) this.claimed.set(i.id, i);
    return out;
  }
  async record(r: AttemptRecord[]): Promise<void> {
    this.records.push(...r);
  }
  async release(ids: number[], atMs: number): Promise<void> {
    this.released.push(...ids);
    for (const id of ids) this.later.push({ item: this.claimed.get(id) as OutboxItem, atMs });
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

function setup(
  answer: (m: OutgoingMessage) => DeliveryOutcome,
  limiter: RateLimiter | undefined,
  clock = new FakeClock(10_000),
  limit = channel.rateLimit,
) {
  const outbox = new MemoryOutbox(clock);
  const sent: OutgoingMessage[] = [];
  const sender: ChannelSender = { send: async (m) => (sent.push(m), answer(m)) };
  const { metrics, registry } = testMetrics();
  const worker = new ChannelWorker({
    channel: { ...channel, rateLimit: limit },
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
  return { outbox, sent, worker, registry, clock };
}

/** Runs rounds until one finds nothing due, as the dispatcher does between two sleeps. */
async function drain(worker: ChannelWorker): Promise<void> {
  for (let i = 0; i < 1000; i++) if ((await worker.tick()) === 0) return;
  throw new Error('still busy after 1000 rounds');
}

/** A storm: one notification per alert, `DiskFull` on node-000 … node-(n-1). */
function diskFull(n: number, status: 'firing' | 'resolved', firstId = 1): OutboxItem[] {
  return Array.from({ length: n }, (_, i) => {
    const a = alert({
      status,
      fingerprint: `fp${i}`,
      labels: { alertname: 'DiskFull', severity: 'critical', instance: `node-${String(i).padStart(3, '0')}` },
    });
    return { ...item(firstId + i), status, group: group({ status, alerts: [a] }) };
  });
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
    expect(outbox.released).toEqual([7]);
    expect(await worker.tick()).toBe(4);
    expect(sent.filter((m) => m.folded)).toHaveLength(0);
    expect(sent).toHaveLength(10);
  });

  it('sums up a whole storm in one summary; what comes once the window is used up waits for the next', async () => {
    const clock = new FakeClock(60_000);
    const { outbox, sent, worker } = setup(() => delivered(), new LocalRateLimiter(clock), clock, {
      count: 10,
      perMs: 60_000,
    });
    outbox.items = diskFull(300, 'firing');
    await drain(worker);
    // The round may send 6 (its budget) of the 10 the window allows: 5 alone and one summary of the rest.
    expect(sent).toHaveLength(6);
    const [summary, ...others] = sent.filter((m) => m.folded);
    expect(others).toHaveLength(0);
    expect(summary?.rendered.text).toContain('• [critical] 295 × DiskFull on node-005 … node-299');
    expect(new Set(outbox.records.map((r) => r.item.id)).size).toBe(300);
    const folded = outbox.records.filter((r) => r.summary);
    expect(folded).toHaveLength(295);
    expect(new Set(folded.map((r) => r.summary?.key))).toEqual(new Set([summary?.idempotencyKey]));

    // The resolved storm takes the 4 sends left in the window: 3 alone, 297 in one summary.
    outbox.items = diskFull(300, 'resolved', 1001);
    await drain(worker);
    expect(sent).toHaveLength(10);
    expect(sent[9]?.rendered.title).toBe('[SUMMARY] 297 held back: 297 × DiskFull resolved');

    // Nothing is left in this window: the next storm waits whole, in one round, for the next window.
    outbox.items = diskFull(100, 'firing', 2001);
    expect(await worker.tick()).toBe(0);
    expect(outbox.items).toHaveLength(0);
    expect(sent).toHaveLength(10);
    clock.advance(60_000);
    await drain(worker);
    expect(sent).toHaveLength(16);
    expect(sent[15]?.rendered.title).toBe('[SUMMARY] 95 held back: 95 × DiskFull');
    expect(outbox.records).toHaveLength(700);
  });

  it('counts the window in this process while the rate limiter is down', async () => {
    const down: RateLimiter = {
      acquire: () => Promise.reject(new Error('ECONNREFUSED')),
    };
    const { outbox, sent, worker, clock } = setup(() => delivered(), down);
    outbox.items = [1, 2, 3, 4, 5, 6].map((i) => item(i));
    await drain(worker);
    expect(sent).toHaveLength(3);
    outbox.items = [item(7), item(8)];
    expect(await worker.tick()).toBe(0);
    expect(sent).toHaveLength(3);
    clock.advance(60_000);
    await drain(worker);
    expect(sent).toHaveLength(5);
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
