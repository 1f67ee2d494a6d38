import {
  createRegistry,
  DEFAULT_SAMPLE_LIMITS,
  requireAuth,
  silentLogger,
  type Sample,
  type SampleSource,
} from '@streamwatch/metrics-core';
import type { Registry } from 'prom-client';
import { createApp } from '../app';
import type { AcceptedPoints } from '../domain/accepted-points';
import { CardinalityLimiter } from '../domain/cardinality';
import { InFlightBuffer } from '../domain/in-flight-buffer';
import type { IngestLimits } from '../domain/limits';
import { createIngestor } from '../ingest/ingestor';
import { createCollectorMetrics } from '../metrics';
import type { Clock, SampleSink } from '../ports';

export const NOW = 1_700_000_000_000;

export class FakeClock implements Clock {
  constructor(public ms = NOW) {}
  now(): number {
    return this.ms;
  }
}

/** Records what was published; `mode` makes it fail or never answer, like a broker that is down. */
export class FakeSink implements SampleSink {
  published: Array<{ samples: Sample[]; source: SampleSource }> = [];
  mode: 'ok' | 'fail' | 'hang' = 'ok';
  private held: Array<() => void> = [];
  async publish(points: AcceptedPoints, source: SampleSource): Promise<void> {
    if (this.mode === 'fail') throw new Error('broker down');
    if (this.mode === 'hang') return new Promise((resolve) => this.held.push(resolve));
    this.published.push({ samples: points.toSamples(), source });
  }
  /** Lets every hanging publish finish (late acknowledgements). */
  async releaseHeld(): Promise<void> {
    for (const r of this.held.splice(0)) r();
    await new Promise((r) => setImmediate(r));
  }
  get samples(): Sample[] {
    return this.published.flatMap((p) => p.samples);
  }
}

export const TEST_LIMITS: IngestLimits = {
  maxSamplesPerRequest: 100,
  sample: DEFAULT_SAMPLE_LIMITS,
  maxAgeMs: 3_600_000,
  maxFutureMs: 600_000,
};

export interface Harness {
  app: ReturnType<typeof createApp>;
  sink: FakeSink;
  clock: FakeClock;
  registry: Registry;
  metric: (name: string, labels?: Record<string, string>) => Promise<number>;
}

export function harness(
  opts: { token?: string; limits?: Partial<IngestLimits>; bufferCapacity?: number; maxSeries?: number } = {},
): Harness {
  const registry = createRegistry('collector', { defaultMetrics: false });
  const metrics = createCollectorMetrics(registry);
  const sink = new FakeSink();
  const clock = new FakeClock();
  const logger = silentLogger();
  const ingestor = createIngestor({
    sink,
    metrics,
    logger,
    clock,
    limits: { ...TEST_LIMITS, ...opts.limits },
    buffer: new InFlightBuffer(opts.bufferCapacity ?? 1000),
    cardinality: new CardinalityLimiter(opts.maxSeries ?? 50, 3_600_000),
    produceTimeoutMs: 50,
    retryAfterSeconds: 3,
  });
  const app = createApp({
    registry,
    logger,
    metrics,
    ingestor,
    clock,
    checks: [],
    isShuttingDown: () => false,
    version: 'test',
    ingestAuth: requireAuth({ bearerToken: opts.token }),
    maxBodyBytes: 64 * 1024,
    maxDecodedBytes: 256 * 1024,
  });
  const metric = async (name: string, labels: Record<string, string> = {}): Promise<number> => {
    const m = await registry.getSingleMetric(name)?.get();
    const found = m?.values.find((v) => Object.entries(labels).every(([k, val]) => v.labels[k] === val));
    return found?.value ?? 0;
  };
  return { app, sink, clock, registry, metric };
}
