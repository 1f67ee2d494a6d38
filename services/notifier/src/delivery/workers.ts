import type { Logger } from 'pino';
import { createSender, type SenderDeps } from '../channels';
import type { RetryPolicy } from '../domain/delivery-policy';
import type { Receivers } from '../domain/receivers';
import type { TemplateLinks } from '../domain/templates';
import type { NotifierMetrics } from '../metrics';
import type { Outbox, RateLimiter } from '../ports';
import { ChannelWorker } from './channel-worker';
import { Dispatcher } from './dispatcher';
import { LocalRateLimiter } from './local-rate-limiter';

export interface WorkersDeps extends SenderDeps {
  receivers: Receivers;
  outbox: Outbox;
  limiter: RateLimiter | undefined;
  policy: RetryPolicy;
  leaseMs: number;
  pollMs: number;
  links: TemplateLinks;
  metrics: NotifierMetrics;
  logger: Logger;
}

/** One ChannelWorker per configured channel, run by one Dispatcher. */
export function createDispatcher(d: WorkersDeps): Dispatcher {
  const workers = new Map<string, ChannelWorker>();
  const fallbackLimiter = new LocalRateLimiter(d.clock);
  for (const channel of d.receivers.channels)
    workers.set(
      channel.key,
      new ChannelWorker({
        channel,
        sender: createSender(channel, d),
        outbox: d.outbox,
        limiter: d.limiter,
        fallbackLimiter,
        clock: d.clock,
        policy: d.policy,
        leaseMs: d.leaseMs,
        links: d.links,
        metrics: d.metrics,
        logger: d.logger,
      }),
    );
  return new Dispatcher(workers, {
    pollMs: d.pollMs,
    errorBackoffMs: Math.max(d.pollMs, 1000),
    logger: d.logger,
  });
}
