/**
 * The request both collector benchmarks send: 1,000 series over 20 instances, like one remote-write shard
 * flush. `shard` picks a disjoint set of series (other instances and indexes): Prometheus hashes each series to
 * one shard, so concurrent remote-write requests carry different series.
 */
export function requestSamples(count, now, shard = 0) {
  return Array.from({ length: count }, (_, i) => ({
    name: `bench_metric_${i % 50}`,
    labels: {
      job: 'bench',
      instance: `host-${shard * 20 + (i % 20)}:9100`,
      idx: String(shard * count + i),
      mode: i % 2 ? 'user' : 'system',
    },
    value: i * 1.5,
    timestampMs: now,
  }));
}

/** The ingest limits the in-process benchmarks screen with (`sampleLimits`: metrics-core's defaults). */
export function ingestLimits(sampleLimits) {
  return { maxSamplesPerRequest: 50_000, sample: sampleLimits, maxAgeMs: 3_600_000, maxFutureMs: 600_000 };
}
