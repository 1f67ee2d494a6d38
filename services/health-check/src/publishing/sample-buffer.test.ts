import { silentLogger, type Sample } from '@streamwatch/metrics-core';
import { FakeClock } from '../testing/fake-clock';
import { SampleBuffer } from './sample-buffer';

const sample = (v: number): Sample => ({
  name: 'probe_success',
  labels: { target: 't' },
  value: v,
  timestampMs: v,
});

function setup(fail: { now: boolean }) {
  const clock = new FakeClock();
  const sent: Sample[][] = [];
  const stats = { published: 0, failures: 0, dropped: 0 };
  const buffer = new SampleBuffer({
    clock,
    logger: silentLogger(),
    flushIntervalMs: 1000,
    capacity: 5,
    sink: {
      publish: async (s) => {
        if (fail.now) throw new Error('broker down');
        sent.push([...s]);
      },
    },
    onPublished: (n) => (stats.published += n),
    onFailure: () => stats.failures++,
    onDropped: (n) => (stats.dropped += n),
  });
  buffer.start();
  return { clock, buffer, sent, stats };
}

describe('sample buffer', () => {
  it('publishes batches on the flush interval', async () => {
    const { clock, buffer, sent, stats } = setup({ now: false });
    buffer.add([sample(1), sample(2)]);
    await clock.advance(999);
    expect(sent).toEqual([]);
    await clock.advance(1);
    expect(sent).toEqual([[sample(1), sample(2)]]);
    expect(stats.published).toBe(2);
    buffer.add([sample(3)]);
    await buffer.stop();
    expect(sent[1]).toEqual([sample(3)]);
  });

  it('keeps failed batches for the next flush, bounded by capacity (oldest dropped)', async () => {
    const fail = { now: true };
    const { clock, buffer, sent, stats } = setup(fail);
    buffer.add([sample(1), sample(2), sample(3)]);
    await clock.advance(1000);
    expect(stats.failures).toBe(1);
    buffer.add([sample(4), sample(5), sample(6), sample(7)]);
    expect(stats.dropped).toBe(2);
    fail.now = false;
    await clock.advance(1000);
    expect(sent).toEqual([[3, 4, 5, 6, 7].map(sample)]);
    await buffer.stop();
  });
});
