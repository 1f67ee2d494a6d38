import { STALE_NAN, type Sample, type SeriesPoints } from '@streamwatch/metrics-core';
import type { KnownSeries } from './known-series';

/** The series of one Kafka partition key, as `SampleProducer.publishShards` takes them. */
export interface ShardSeries {
  key: string;
  series: SeriesPoints[];
  /** `sortedNames[i]`: the label names of `series[i]`, sorted. */
  sortedNames: Array<readonly string[]>;
}

/** Accepted samples with their series (`series[i]` is the series of `samples[i]`). */
export interface SeriesSamples {
  samples: readonly Sample[];
  series: readonly KnownSeries[];
}

/**
 * Groups accepted samples by shard key, then series, in first-seen order: the grouping of metrics-core's
 * `buildSampleMessages`, from keys computed once per series instead of once per sample.
 */
export function groupByShard(samples: readonly Sample[], series: readonly KnownSeries[]): ShardSeries[] {
  return groupPartsByShard([{ samples, series }]);
}

/**
 * `groupByShard` of the parts' samples one after another: a series sent by several parts becomes one
 * series whose points keep the parts' order.
 */
export function groupPartsByShard(parts: readonly SeriesSamples[]): ShardSeries[] {
  const shards = new Map<string, { group: ShardSeries; byKey: Map<string, SeriesPoints> }>();
  for (const { samples, series } of parts)
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i] as Sample;
      const known = series[i] as KnownSeries;
      let shard = shards.get(known.shard);
      if (shard === undefined) {
        shard = { group: { key: known.shard, series: [], sortedNames: [] }, byKey: new Map() };
        shards.set(known.shard, shard);
      }
      let entry = shard.byKey.get(known.key);
      if (entry === undefined) {
        entry = { name: s.name, labels: s.labels, points: [] };
        shard.byKey.set(known.key, entry);
        shard.group.series.push(entry);
        shard.group.sortedNames.push(known.sortedNames);
      }
      entry.points.push(
        s.stale
          ? { timestampMs: s.timestampMs, value: STALE_NAN, stale: true }
          : { timestampMs: s.timestampMs, value: s.value },
      );
    }
  return [...shards.values()].map((s) => s.group);
}
