import {
  createRegistry,
  DependencyError,
  silentLogger,
  type SampleBatch,
  type SeriesPoints,
} from '@streamwatch/metrics-core';
import { createCollectorMetrics } from '../metrics';
import type { RemoteWriteTarget } from '../ports';
import { createPushForwarder } from './push-forwarder';

class FakeTarget implements RemoteWriteTarget {
  writes: SeriesPoints[][] = [];
  failures: Error[] = [];
  async write(series: readonly SeriesPoints[]): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.writes.push([...series]);
  }
}

const batch = (source: SampleBatch['source']): SampleBatch => ({
  source,
  series: [
    {
      name: 'orders_total',
      labels: { shop: 'eu' },
      points: [
        { timestampMs: 20, value: 2 },
        { timestampMs: 10, value: 1 },
      ],
    },
  ],
});

function setup() {
  const target = new FakeTarget();
  const registry = createRegistry('collector', { defaultMetrics: false });
  const forward = createPushForwarder({
    target,
    metrics: createCollectorMetrics(registry),
    logger: silentLogger(),
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined },
  });
  const count = async (outcome: string) =>
    (await registry.getSingleMetric('streamwatch_collector_forwarded_samples_total')!.get()).values.find(
      (v) => v.labels.outcome === outcome,
    )?.value ?? 0;
  return { target, forward, count };
}

describe('push forwarder', () => {
  it('forwards push batches with their own timestamps, in order', async () => {
    const s = setup();
    await s.forward(batch('push'));
    expect(s.target.writes[0]![0]!.points).toEqual([
      { timestampMs: 10, value: 1 },
      { timestampMs: 20, value: 2 },
    ]);
    expect(await s.count('forwarded')).toBe(2);
  });

  it.each(['scrape', 'remote_write', 'recording_rule', 'health_check'] as const)(
    'never forwards %s batches',
    async (source) => {
      const s = setup();
      await s.forward(batch(source));
      expect(s.target.writes).toHaveLength(0);
    },
  );

  it('retries retriable failures, then rethrows so the message is read again', async () => {
    const s = setup();
    s.target.failures.push(new DependencyError('prometheus', '503'));
    await s.forward(batch('push'));
    expect(s.target.writes).toHaveLength(1);
    s.target.failures.push(...[1, 2, 3].map(() => new DependencyError('prometheus', 'down')));
    await expect(s.forward(batch('push'))).rejects.toThrow('down');
    expect(await s.count('retry')).toBe(2);
  });

  it('skips a batch Prometheus refuses with 4xx, counting it', async () => {
    const s = setup();
    s.target.failures.push(new DependencyError('prometheus', '400 out of bounds', { retriable: false }));
    await s.forward(batch('push'));
    expect(await s.count('rejected')).toBe(2);
  });
});
