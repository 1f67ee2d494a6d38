import { OverloadedError, type SampleSource } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import type { CardinalityLimiter } from '../domain/cardinality';
import type { InFlightBuffer } from '../domain/in-flight-buffer';
import type { AcceptedPoints } from '../domain/accepted-points';
import type { IndexedSample } from '../domain/json-push';
import type { IngestLimits } from '../domain/limits';
import type { SampleRejection } from '../domain/rejection';
import { PointScreen } from '../domain/screening';
import { SeriesCatalog } from '../domain/series-catalog';
import type { CollectorMetrics } from '../metrics';
import type { Clock, SampleSink } from '../ports';
import { RequestRejection } from './http-rejection';

export interface IngestorDeps {
  sink: SampleSink;
  limits: IngestLimits;
  cardinality: CardinalityLimiter;
  buffer: InFlightBuffer;
  metrics: CollectorMetrics;
  clock: Clock;
  logger: Logger;
  /** A request fails with 503 when Kafka has not acknowledged it by then. */
  produceTimeoutMs: number;
  retryAfterSeconds: number;
}

export interface IngestOutcome {
  received: number;
  accepted: number;
  /** Sorted by position in the request. */
  rejections: SampleRejection[];
}

export type Ingestor = ReturnType<typeof createIngestor>;

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not acknowledged within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Validates a request's samples and publishes the acceptable ones. Resolves once Kafka acknowledged all of
 * them; throws OverloadedError (503 + Retry-After) when the buffer is full or Kafka fails or is too slow.
 */
export function createIngestor(deps: IngestorDeps) {
  const { metrics, buffer } = deps;
  const log = deps.logger.child({ component: 'ingestor' });
  metrics.bufferCapacity.set(buffer.capacity);
  const catalog = new SeriesCatalog(deps.limits.sample);

  function countRejections(source: SampleSource, rejections: readonly SampleRejection[]): void {
    for (const r of rejections) {
      metrics.samplesRejected.inc({ source, reason: r.reason });
      if (r.reason === 'series_limit') metrics.seriesLimited.inc({ source });
    }
  }

  function assertRequestSize(total: number, source: SampleSource): void {
    if (total <= deps.limits.maxSamplesPerRequest) return;
    metrics.samplesReceived.inc({ source }, total);
    metrics.samplesRejected.inc({ source, reason: 'too_many_samples' }, total);
    metrics.requestsRejected.inc({ source, reason: 'too_many_samples' });
    throw new RequestRejection(
      400,
      'too_many_samples',
      `request has ${total} samples, limit ${deps.limits.maxSamplesPerRequest} per request`,
    );
  }

  async function publish(accepted: AcceptedPoints, source: SampleSource): Promise<void> {
    if (!buffer.tryAcquire(accepted.length)) {
      metrics.samplesUnavailable.inc({ source, reason: 'buffer_full' }, accepted.length);
      throw new OverloadedError(
        `ingest buffer full (${buffer.size}/${buffer.capacity} samples in flight)`,
        deps.retryAfterSeconds,
      );
    }
    metrics.bufferSamples.set(buffer.size);
    const stop = metrics.produceDuration.startTimer();
    const sending = deps.sink.publish(accepted, source).finally(() => {
      buffer.release(accepted.length);
      metrics.bufferSamples.set(buffer.size);
    });
    sending.catch(() => undefined);
    try {
      await withDeadline(sending, deps.produceTimeoutMs);
      stop({ outcome: 'acked' });
    } catch (err) {
      stop({ outcome: 'failed' });
      metrics.samplesUnavailable.inc({ source, reason: 'kafka' }, accepted.length);
      log.warn(
        { err: (err as Error).message, samples: accepted.length, source },
        'kafka did not acknowledge',
      );
      throw new OverloadedError(
        `kafka unavailable, retry later: ${(err as Error).message}`,
        deps.retryAfterSeconds,
      );
    }
  }

  /** A screen for one request's points, at the current time. */
  function screen(): PointScreen {
    return new PointScreen({ limits: deps.limits, cardinality: deps.cardinality, nowMs: deps.clock.now() });
  }

  /**
   * Publishes what `screened` accepted of a request of `received` samples; its rejections, and any found
   * before screening (`earlier`), are counted and returned sorted by index.
   */
  async function ingestScreened(
    received: number,
    screened: PointScreen,
    source: SampleSource,
    earlier: readonly SampleRejection[] = [],
  ): Promise<IngestOutcome> {
    metrics.samplesReceived.inc({ source }, received);
    const rejections =
      earlier.length === 0
        ? screened.rejections
        : [...earlier, ...screened.rejections].sort((a, b) => a.index - b.index);
    countRejections(source, rejections);
    const { accepted } = screened;
    if (accepted.length > 0) await publish(accepted, source);
    metrics.samplesAccepted.inc({ source }, accepted.length);
    return { received, accepted: accepted.length, rejections };
  }

  async function ingest(
    samples: readonly IndexedSample[],
    parseRejections: readonly SampleRejection[],
    source: SampleSource,
  ): Promise<IngestOutcome> {
    const received = samples.length + parseRejections.length;
    assertRequestSize(received, source);
    const screened = screen();
    for (const item of samples) screened.offerSample(item.index, item.sample, item.series);
    return ingestScreened(received, screened, source, parseRejections);
  }

  return { ingest, ingestScreened, screen, assertRequestSize, catalog };
}
