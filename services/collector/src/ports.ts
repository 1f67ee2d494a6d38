import type { SampleSource, SeriesPoints } from '@streamwatch/metrics-core';
import type { AcceptedPoints } from './domain/accepted-points';

/** Durable destination of accepted samples; resolves only once every point is acknowledged. */
export interface SampleSink {
  publish(points: AcceptedPoints, source: SampleSource): Promise<void>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A Prometheus remote-write receiver that pushed samples are forwarded to. */
export interface RemoteWriteTarget {
  write(series: readonly SeriesPoints[]): Promise<void>;
}

export interface ScrapeResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Fetches one exposition page; rejects on network errors and timeouts. */
export interface ScrapeFetcher {
  fetch(url: string, opts: { timeoutMs: number; accept: string }): Promise<ScrapeResponse>;
}
