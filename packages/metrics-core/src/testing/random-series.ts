import type { Labels } from '../sample/sample';
import { STALE_NAN } from '../sample/staleness';
import type { SeriesPoints } from '../wire/sample-batch.codec';

/** A seeded generator of varied series for the encoder tests: odd strings, extreme timestamps, markers. */
export function randomSeriesGenerator(seed: number) {
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const words = ['up', 'job', 'a', 'é', '日本', 'x'.repeat(200), '', 'instance', 'ü'.repeat(70)];
  const timestamps = [0, 1, 127, 128, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 5, 1_700_000_000_123, 2 ** 52 - 1];
  const series = (maxCount: number): SeriesPoints[] =>
    Array.from({ length: 1 + rnd(maxCount) }, () => {
      const labels: Labels = {};
      for (let j = rnd(5); j > 0; j--) labels[`${words[rnd(words.length)]}${rnd(3)}`] = `v${rnd(400)}`;
      return {
        name: `m${rnd(300)}`,
        labels,
        points: Array.from({ length: rnd(4) }, () =>
          rnd(10) === 0
            ? { timestampMs: timestamps[rnd(timestamps.length)]!, value: STALE_NAN, stale: true }
            : { timestampMs: timestamps[rnd(timestamps.length)]!, value: rnd(1000) / 7 - 50 },
        ),
      };
    });
  return { rnd, series };
}
