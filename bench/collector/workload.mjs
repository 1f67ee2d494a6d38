/** The request both collector benchmarks send: 1,000 series over 20 instances, like one remote-write shard flush. */
export function requestSamples(count, now) {
  return Array.from({ length: count }, (_, i) => ({
    name: `bench_metric_${i % 50}`,
    labels: {
      job: 'bench',
      instance: `host-${i % 20}:9100`,
      idx: String(i),
      mode: i % 2 ? 'user' : 'system',
    },
    value: i * 1.5,
    timestampMs: now,
  }));
}
