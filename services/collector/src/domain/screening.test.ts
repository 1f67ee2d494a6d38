import {
  DEFAULT_SAMPLE_LIMITS,
  seriesKey,
  validateSample,
  type Labels,
  type Sample,
} from '@streamwatch/metrics-core';
import { CardinalityLimiter } from './cardinality';
import { inspectSeries } from './known-series';
import { checkTimestampWindow, type IngestLimits } from './limits';
import type { SampleRejection } from './rejection';
import { describeSeries, PointScreen } from './screening';

const NOW = 1_700_000_000_000;
const limits: IngestLimits = {
  maxSamplesPerRequest: 1000,
  sample: { ...DEFAULT_SAMPLE_LIMITS, maxLabels: 3 },
  maxAgeMs: 60_000,
  maxFutureMs: 10_000,
};

/** Screening as it was before series were checked once: validateSample per sample. */
function referenceScreen(samples: Sample[], cardinality: CardinalityLimiter) {
  const accepted: Sample[] = [];
  const rejections: SampleRejection[] = [];
  samples.forEach((sample, index) => {
    const problem =
      validateSample(sample, limits.sample) ?? checkTimestampWindow(sample.timestampMs, NOW, limits);
    if (problem) rejections.push({ index, ...problem, series: describeSeries(sample) });
    else if (!cardinality.admit(sample.name, seriesKey(sample.name, sample.labels), NOW))
      rejections.push({
        index,
        reason: 'series_limit',
        field: 'labels',
        series: seriesKey(sample.name, sample.labels),
        message: `metric "${sample.name}" already has the maximum number of active series; new series refused`,
      });
    else accepted.push(sample);
  });
  return { accepted, rejections };
}

describe('PointScreen', () => {
  it('gives the per-sample validation verdicts whether or not the series was checked beforehand', () => {
    let seed = 3;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const names = ['up', 'bad-name', 'm', 'n'];
    const labelSets: Labels[] = [
      {},
      { job: 'a' },
      { job: '' },
      { __x: '1' },
      { a: '1', b: '2', c: '3', d: '4' },
      { 'x-y': '1' },
      { job: 'b', instance: 'i' },
    ];
    const values = [1, NaN, '1' as unknown as number];
    const stamps = [NOW, NOW - 70_000, NOW + 20_000, NOW + 0.5, NOW - 1000];
    for (let round = 0; round < 50; round++) {
      const samples: Sample[] = Array.from({ length: 40 }, () => ({
        name: names[rnd(names.length)]!,
        labels: labelSets[rnd(labelSets.length)]!,
        value: values[rnd(values.length)]!,
        timestampMs: stamps[rnd(stamps.length)]!,
      }));
      const expected = referenceScreen(samples, new CardinalityLimiter(3, 3_600_000));
      const withSeries = samples.map((sample, index) => ({
        index,
        sample,
        series: inspectSeries(sample.name, sample.labels, limits.sample),
      }));
      const screen = () =>
        new PointScreen({ limits, cardinality: new CardinalityLimiter(3, 3_600_000), nowMs: NOW });
      // as samples, with or without their series, and as decoded points where the value is a number
      const screens = [screen(), screen(), screen()];
      for (const { index, sample, series } of withSeries) {
        screens[0]!.offerSample(index, sample);
        screens[1]!.offerSample(index, sample, series);
        if (typeof sample.value === 'number')
          screens[2]!.offerPoint(index, series, sample.timestampMs, sample.value, false);
        else screens[2]!.offerSample(index, sample, series);
      }
      for (const { accepted, rejections } of screens) {
        expect({ accepted: accepted.toSamples(), rejections }).toEqual(expected);
        expect(accepted.series.map((s) => s.key)).toEqual(
          accepted.toSamples().map((s) => seriesKey(s.name, s.labels)),
        );
      }
    }
  });
});
