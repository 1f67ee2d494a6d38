import type { Logger } from 'pino';
import type { ChannelSender, OutgoingMessage } from '../channels/channel';
import { foldedIdempotencyKey, idempotencyKey } from '../domain/dedupe';
import { nextStep, type RetryPolicy } from '../domain/delivery-policy';
import { planFold } from '../domain/folding';
import { failed, type DeliveryOutcome } from '../domain/outcome';
import type { ResolvedChannel } from '../domain/receivers';
import { renderSummary } from '../domain/summary';
import { renderGroup, type TemplateLinks } from '../domain/templates';
import type { NotifierMetrics } from '../metrics';
import type { AttemptRecord, Clock, Grant, Outbox, OutboxItem, RateLimiter } from '../ports';
import { LocalRateLimiter } from './local-rate-limiter';
import { mapLimit } from './map-limit';

export interface ChannelWorkerDeps {
  channel: ResolvedChannel;
  sender: ChannelSender;
  outbox: Outbox;
  limiter: RateLimiter | undefined;
  /** Counts the windows in this process while `limiter` fails (Redis down); shared by the workers of one instance. */
  fallbackLimiter?: RateLimiter;
  clock: Clock;
  policy: RetryPolicy;
  leaseMs: number;
  links: TemplateLinks;
  metrics: NotifierMetrics;
  logger: Logger;
  random?: () => number;
}

/** Sends per round such that every wave of sends finishes inside the lease. */
export function sendBudgetFor(channel: ResolvedChannel, leaseMs: number): number {
  const waves = Math.max(1, Math.floor((leaseMs - 1000) / channel.timeoutMs));
  return channel.concurrency * Math.min(waves, 2);
}

/**
 * A backlog the rate limit window cannot take (a storm) is claimed up to this many notifications, so
 * that one summary sums them up instead of one summary per round.
 */
const STORM_CLAIM = 1000;

/**
 * Delivers one channel's outbox: claim (lease), rate-limit and fold, send, record. Each channel has its
 * own worker, so a slow or failing destination only ever delays itself.
 */
export class ChannelWorker {
  private readonly log: Logger;
  private readonly budget: number;
  private readonly fallback: RateLimiter;

  constructor(private readonly d: ChannelWorkerDeps) {
    this.log = d.logger.child({ component: 'channel-worker', channel: d.channel.key });
    this.budget = sendBudgetFor(d.channel, d.leaseMs);
    this.fallback = d.fallbackLimiter ?? new LocalRateLimiter(d.clock);
  }

  /** One round; returns how many notifications it finished or retried (0 = nothing due). */
  async tick(): Promise<number> {
    const { key, rateLimit } = this.d.channel;
    // A rate-limited channel claims one more than a window holds, to see whether a backlog is a storm.
    const peek = rateLimit ? Math.min(STORM_CLAIM, Math.max(this.budget, rateLimit.count) + 1) : this.budget;
    let items = await this.d.outbox.claim(key, peek, this.d.leaseMs);
    if (items.length === 0) return 0;
    const want = Math.min(items.length, this.budget);
    const { granted, remaining, resetInMs } = await this.grant(want);
    if (items.length > granted + remaining) {
      // A storm: more waits than the window takes. All of it goes into this round's summary (or waits
      // for the next window), not the part this round claimed.
      if (items.length === peek)
        items = items.concat(await this.d.outbox.claim(key, STORM_CLAIM - peek, this.d.leaseMs));
    } else if (items.length > want) {
      // The window has room for the backlog: the rest goes alone in the next rounds.
      await this.d.outbox.release(
        items.slice(want).map((i) => i.id),
        this.d.clock.now(),
      );
      items = items.slice(0, want);
    }
    const plan = planFold(items, granted);
    if (plan.deferred.length > 0)
      await this.d.outbox.release(
        plan.deferred.map((i) => i.id),
        this.d.clock.now() + resetInMs,
      );
    const jobs: Array<() => Promise<AttemptRecord[]>> = plan.singles.map(
      (item) => () => this.deliver([item], false),
    );
    if (plan.folded.length > 0) jobs.push(() => this.deliver(plan.folded, true));
    const records = (await mapLimit(jobs, this.d.channel.concurrency, (job) => job())).flat();
    if (records.length > 0) await this.d.outbox.record(records);
    if (plan.folded.length > 0)
      this.log.info({ folded: plan.folded.length, granted }, 'rate limit reached; folded into a summary');
    return records.length;
  }

  private async grant(want: number): Promise<Grant> {
    const limit = this.d.channel.rateLimit;
    if (!limit || !this.d.limiter) return { granted: want, remaining: Number.MAX_SAFE_INTEGER, resetInMs: 0 };
    try {
      return await this.d.limiter.acquire(this.d.channel.rateKey, want, limit);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'rate limiter unavailable; counting the window locally');
      return this.fallback.acquire(this.d.channel.rateKey, want, limit);
    }
  }

  private message(items: OutboxItem[], folded: boolean): OutgoingMessage {
    const first = items[0] as OutboxItem;
    const groups = items.map((i) => i.group);
    return {
      rendered: folded ? renderSummary(groups, this.d.links) : renderGroup(first.group, this.d.links),
      groups,
      receiver: first.receiver,
      status: folded && groups.some((g) => g.status === 'firing') ? 'firing' : first.status,
      idempotencyKey: folded
        ? foldedIdempotencyKey(items.map((i) => i.id))
        : idempotencyKey(first.dedupeKey, first.channelKey),
      folded,
    };
  }

  private async deliver(items: OutboxItem[], folded: boolean): Promise<AttemptRecord[]> {
    const started = this.d.clock.now();
    let outcome: DeliveryOutcome;
    let message: OutgoingMessage | undefined;
    try {
      message = this.message(items, folded);
      outcome = await this.d.sender.send(message, this.d.channel.timeoutMs);
    } catch (err) {
      outcome = failed('internal', true, { response: (err as Error).message });
    }
    const summary =
      folded && message ? { key: message.idempotencyKey, title: message.rendered.title } : undefined;
    const now = this.d.clock.now();
    const latencyMs = now - started;
    const type = this.d.channel.config.type;
    this.d.metrics.deliveryDuration.observe({ channel: type }, latencyMs / 1000);
    return items.map((item) => {
      const next = nextStep(outcome, item.attempts + 1, item.createdAtMs, now, this.d.policy, this.d.random);
      const status =
        next.action === 'done'
          ? folded
            ? 'folded'
            : 'delivered'
          : next.action === 'retry'
            ? 'retry'
            : 'dead_letter';
      this.d.metrics.notifications.inc({ receiver: item.receiver, channel: type, status });
      if (next.action === 'dead')
        this.log.warn(
          { id: item.id, why: next.why, reason: outcome.result === 'failed' ? outcome.reason : '' },
          'dead-lettered',
        );
      return { item, outcome, latencyMs, next, foldedCount: folded ? items.length : 1, summary };
    });
  }
}
