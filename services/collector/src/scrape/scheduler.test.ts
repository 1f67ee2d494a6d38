import type { ScrapeTarget } from '../domain/scrape-config';
import { ScrapeScheduler, startOffsetMs } from './scheduler';

const target = (url: string, intervalMs: number): ScrapeTarget => ({
  job: 'j',
  address: url,
  url,
  labels: {},
  intervalMs,
  timeoutMs: intervalMs,
  honorLabels: false,
});

describe('ScrapeScheduler', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('scrapes each target once per interval, starting at a stable offset', async () => {
    const a = target('http://a/metrics', 1000);
    const calls: number[] = [];
    const scheduler = new ScrapeScheduler([a], async () => void calls.push(Date.now()));
    scheduler.start();
    const offset = startOffsetMs(a);
    expect(offset).toBeLessThan(1000);
    await jest.advanceTimersByTimeAsync(offset + 3000);
    expect(calls).toEqual([offset, offset + 1000, offset + 2000, offset + 3000]);
    await scheduler.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(4);
  });

  it('never overlaps scrapes of one target', async () => {
    const a = target('http://slow/metrics', 1000);
    let active = 0;
    let maxActive = 0;
    const scheduler = new ScrapeScheduler([a], async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 2500));
      active--;
    });
    scheduler.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(maxActive).toBe(1);
    const stopping = scheduler.stop();
    await jest.advanceTimersByTimeAsync(3000);
    await stopping;
    expect(active).toBe(0);
  });
});
