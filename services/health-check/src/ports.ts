import type { Sample } from '@streamwatch/metrics-core';
import type { ProbeOutcome } from './domain/probe-result';

export type TimerHandle = unknown;

/** Time source; a fake one drives the scheduler in unit tests. */
export interface Clock {
  /** Milliseconds since the epoch (fractional allowed). */
  now(): number;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** One probe of one target; must honour `signal` (aborted at the target's timeout). */
export interface Probe {
  run(signal: AbortSignal): Promise<ProbeOutcome>;
  close?(): Promise<void>;
}

/** Where result samples go (Kafka `metrics.samples` in production). */
export interface SampleSink {
  publish(samples: readonly Sample[]): Promise<void>;
}
