import type { MessageContext } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';

/** A message skipped is logged at most this often (with how many were skipped since the last line). */
export const SKIPPED_LOG_INTERVAL_MS = 60_000;

/**
 * Messages whose handler threw something other than a WireFormatError. Such a message is skipped and its
 * offset committed like any other, so one message that breaks evaluation neither stops the consumer nor is
 * re-read forever after a restart. Each one is counted through `onSkipped`; the log gets one line a minute.
 */
export class SkippedMessages {
  private loggedAt = -Infinity;
  private unlogged = 0;

  constructor(
    private readonly log: Logger,
    private readonly onSkipped?: (err: Error, ctx: MessageContext) => void,
    private readonly now: () => number = Date.now,
  ) {}

  report(thrown: unknown, ctx: MessageContext): void {
    const err = thrown instanceof Error ? thrown : new Error(String(thrown));
    this.onSkipped?.(err, ctx);
    this.unlogged++;
    const now = this.now();
    if (now - this.loggedAt < SKIPPED_LOG_INTERVAL_MS) return;
    this.log.error(
      {
        err,
        topic: ctx.topic,
        partition: ctx.partition,
        offset: ctx.offset,
        key: ctx.key,
        skipped: this.unlogged,
      },
      'skipping a message that failed to apply (logged at most once a minute; `skipped` counts since the last line)',
    );
    this.loggedAt = now;
    this.unlogged = 0;
  }
}
