import { STALE_NAN, type Labels, type Sample } from '@streamwatch/metrics-core';
import type { Logger } from 'pino';
import type { AlertingRuleSnapshot } from '../domain/rules/types';
import type { EvaluatorMetrics } from '../metrics';
import type {
  AlertSink,
  AlertStateStore,
  AlertTransitionEvent,
  PostableAlert,
  SamplePublisher,
  TransitionPublisher,
} from '../ports';

const MAX_QUEUED = 50_000;

export interface OutputDeps {
  logger: Logger;
  metrics: EvaluatorMetrics;
  sink: AlertSink;
  transitions: TransitionPublisher;
  recordings: SamplePublisher;
  state: AlertStateStore;
}

/**
 * Buffers what one batch or tick produced and writes it out. A failed write stays queued for the next
 * flush (bounded; the oldest are dropped and counted), so a short outage delays outputs but loses none.
 */
export class OutputQueue {
  private events: AlertTransitionEvent[] = [];
  private samples: Sample[] = [];
  private states = new Map<string, AlertingRuleSnapshot | null>();
  private readonly log: Logger;

  constructor(private readonly deps: OutputDeps) {
    this.log = deps.logger.child({ component: 'outputs' });
  }

  transition(e: AlertTransitionEvent): void {
    this.events.push(e);
  }

  /** Recorded samples, plus a staleness marker for each series the rule stopped producing. */
  record(result: { samples: Array<{ labels: Labels; value: number }>; stale: Labels[] }, t: number): void {
    const push = (labels: Labels, value: number) => {
      const { __name__: name, ...rest } = labels;
      if (name) this.samples.push({ name, labels: rest, value, timestampMs: t });
    };
    for (const { labels, value } of result.samples) push(labels, value);
    for (const labels of result.stale) push(labels, STALE_NAN);
  }

  /** Samples to write as they are (ALERTS series); staleness markers carry `stale: true`. */
  writeSamples(samples: readonly Sample[]): void {
    for (const s of samples) this.samples.push(s);
  }

  saveState(ruleId: string, snapshot: AlertingRuleSnapshot): void {
    this.states.set(ruleId, snapshot);
  }

  forgetState(ruleId: string): void {
    this.states.set(ruleId, null);
  }

  /**
   * Writes alert state first, and only then publishes transitions and posts alerts, so a process killed
   * in between has saved every transition it announced: restarted, it neither loses the alert nor announces
   * it again. A state write that fails does not hold the notifications back (an outage of Redis must not
   * silence alerting); it is retried on the next flush.
   */
  async flush(alerts: PostableAlert[], onAlertsFailed: (a: PostableAlert[]) => void): Promise<void> {
    await Promise.all([this.flushStates(), this.flushSamples()]);
    await Promise.all([this.flushEvents(), this.postAlerts(alerts, onAlertsFailed)]);
  }

  /** Writes every changed rule's state at once (one round trip of pipelined commands, not one per rule). */
  private async flushStates(): Promise<void> {
    const states = this.states;
    this.states = new Map();
    await Promise.all(
      [...states].map(async ([rule, snap]) => {
        try {
          if (snap) await this.deps.state.save(rule, snap);
          else await this.deps.state.remove(rule);
        } catch (err) {
          if (!this.states.has(rule)) this.states.set(rule, snap);
          this.fail('state', err);
        }
      }),
    );
  }

  private async flushEvents(): Promise<void> {
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    try {
      await this.deps.transitions.publish(events);
    } catch (err) {
      this.events = events.concat(this.events).slice(-MAX_QUEUED);
      this.fail('transitions', err);
    }
  }

  private async flushSamples(): Promise<void> {
    if (this.samples.length === 0) return;
    const samples = this.samples;
    this.samples = [];
    try {
      await this.deps.recordings.publish(samples);
    } catch (err) {
      this.samples = samples.concat(this.samples).slice(-MAX_QUEUED);
      this.fail('recordings', err);
    }
  }

  private async postAlerts(alerts: PostableAlert[], onFailed: (a: PostableAlert[]) => void): Promise<void> {
    if (alerts.length === 0) return;
    const outcomes = await this.deps.sink.send(alerts);
    for (const o of outcomes) this.deps.metrics.notifications.inc({ status: o });
    if (outcomes.length > 0 && outcomes.every((o) => o === 'failure')) onFailed(alerts);
  }

  private fail(output: string, err: unknown): void {
    this.deps.metrics.outputFailures.inc({ output });
    this.log.warn({ output, err: (err as Error).message }, 'output write failed; will retry');
  }
}
