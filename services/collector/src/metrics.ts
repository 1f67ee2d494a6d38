import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type CollectorMetrics = ReturnType<typeof createCollectorMetrics>;

export function createCollectorMetrics(registry: Registry) {
  const registers = [registry];
  return {
    samplesReceived: new Counter({
      name: 'streamwatch_collector_samples_received_total',
      help: 'Samples received, before validation, by ingestion source.',
      labelNames: ['source'] as const,
      registers,
    }),
    samplesAccepted: new Counter({
      name: 'streamwatch_collector_samples_accepted_total',
      help: 'Samples acknowledged by Kafka, by ingestion source.',
      labelNames: ['source'] as const,
      registers,
    }),
    samplesRejected: new Counter({
      name: 'streamwatch_collector_samples_rejected_total',
      help: 'Samples refused with a 4xx, by ingestion source and reason.',
      labelNames: ['source', 'reason'] as const,
      registers,
    }),
    requestsRejected: new Counter({
      name: 'streamwatch_collector_requests_rejected_total',
      help: 'Whole ingest requests refused before their samples were read (size, encoding, auth, sample count).',
      labelNames: ['source', 'reason'] as const,
      registers,
    }),
    seriesLimited: new Counter({
      name: 'streamwatch_collector_series_limited_total',
      help: 'New series refused because their metric reached the per-metric series limit.',
      labelNames: ['source'] as const,
      registers,
    }),
    samplesUnavailable: new Counter({
      name: 'streamwatch_collector_samples_unavailable_total',
      help: 'Samples answered with 503 (buffer full or Kafka unavailable); the sender should retry them.',
      labelNames: ['source', 'reason'] as const,
      registers,
    }),
    produceDuration: new Histogram({
      name: 'streamwatch_collector_kafka_produce_duration_seconds',
      help: "Time from handing a request's samples to Kafka until every one is acknowledged.",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      labelNames: ['outcome'] as const,
      registers,
    }),
    kafkaSendRequests: new Histogram({
      name: 'streamwatch_collector_kafka_send_requests',
      help: 'Requests whose samples one Kafka send carried (several when requests arrive while a send is in flight).',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers,
    }),
    bufferSamples: new Gauge({
      name: 'streamwatch_collector_buffer_samples',
      help: 'Samples handed to Kafka and not yet acknowledged.',
      registers,
    }),
    bufferCapacity: new Gauge({
      name: 'streamwatch_collector_buffer_capacity_samples',
      help: 'Capacity of the in-flight buffer; above it requests get 503.',
      registers,
    }),
    scrapeTargetUp: new Gauge({
      name: 'streamwatch_collector_scrape_target_up',
      help: '1 when the last scrape of the target succeeded.',
      labelNames: ['job', 'instance'] as const,
      registers,
    }),
    scrapeDuration: new Histogram({
      name: 'streamwatch_collector_scrape_duration_seconds',
      help: 'Duration of scrapes, by job.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      labelNames: ['job'] as const,
      registers,
    }),
    forwardedSamples: new Counter({
      name: 'streamwatch_collector_forwarded_samples_total',
      help: 'Pushed samples forwarded from Kafka to Prometheus remote write, by outcome.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    corruptMessages: new Counter({
      name: 'streamwatch_kafka_messages_corrupt_total',
      help: 'Kafka messages skipped because they could not be decoded.',
      labelNames: ['topic'] as const,
      registers,
    }),
  };
}
