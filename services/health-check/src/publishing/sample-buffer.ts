import type { Sample } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import type { Clock, SampleSink, TimerHandle } from '../ports';

export interface SampleBufferOptions {
  sink: SampleSink;
  clock: Clock;
  logger: Logger;
  flushIntervalMs: number;
  /** Above this many buffered samples the oldest are dropped (Kafka outage must not grow memory without bound). */
  capacity: number;
  onPublished?(count: number): void;
  onFailure?(): void;
  onDropped?(count: number): void;
}

/** Collects result samples and publishes them in batches every `flushIntervalMs`; failed batches are retried next flush. */
export class SampleBuffer {
  private buffer: Sample[] = [];
  private timer?: TimerHandle;
  private flushing?: Promise<void>;
  private stopped = false;

  constructor(private readonly opts: SampleBufferOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  add(samples: readonly Sample[]): void {
    this.buffer.push(...samples);
    const excess = this.buffer.length - this.opts.capacity;
    if (excess > 0) {
      this.buffer.splice(0, excess);
      this.opts.onDropped?.(excess);
    }
  }

  size(): number {
    return this.buffer.length;
  }

  /** Publishes what is buffered now; concurrent calls share one in-flight publish. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return Promise.resolve();
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.opts.sink
      .publish(batch)
      .then(
        () => this.opts.onPublished?.(batch.length),
        (err: unknown) => {
          this.opts.onFailure?.();
          this.opts.logger.warn(
            { err: (err as Error).message, samples: batch.length },
            'publishing result samples failed; will retry',
          );
          this.buffer = batch.concat(this.buffer);
          this.add([]);
        },
      )
      .finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) this.opts.clock.clearTimer(this.timer);
    await this.flush();
  }

  private schedule(): void {
    this.timer = this.opts.clock.setTimer(() => {
      void this.flush().finally(() => {
        if (!this.stopped) this.schedule();
      });
    }, this.opts.flushIntervalMs);
  }
}
