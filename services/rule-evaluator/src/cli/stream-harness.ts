import {
  createRegistry,
  groupSeries,
  isStalePoint,
  seriesKey,
  silentLogger,
  type Labels,
  type SampleBatch,
} from '@streamwatch/metrics-core';
import { createEvaluatorMetrics } from '../metrics';
import { EvaluationRuntime } from '../streaming/evaluation-runtime';
import {
  FakeClock,
  MemoryRecordings,
  MemorySink,
  MemoryStateStore,
  MemoryTransitions,
} from '../streaming/fakes';
import type { LoadedRule } from '../streaming/loaded-rule';
import { goDuration } from './test-runner';

/** The service's defaults (config.ts): `ALLOWED_LATENESS_MS`, `TICK_INTERVAL_MS`, the `collect()` timer of main.ts. */
export const STREAM_DEFAULTS = { allowedLatenessMs: 5000, tickMs: 1000, collectMs: 60_000 };

/** Recording outputs fed back in one go at most this many times in a row (a rule chain deeper than this is cut). */
const MAX_FEEDBACK_ROUNDS = 16;

/**
 * The streaming EvaluationRuntime with in-memory outputs and a fake wall clock, driven as main.ts drives it:
 * batches are handed in as they arrive (no coalescing: every batch is evaluated at once), `tick()` runs every
 * `tickMs` of wall time and `scheduler.collect()` every `collectMs`, and recorded samples come back in as a
 * batch of their own, as they would through Kafka. The wall clock only moves forward.
 */
export class StreamHarness {
  readonly clock = new FakeClock(0);
  readonly runtime: EvaluationRuntime;
  /** Every alert transition the runtime published (for tests and debugging). */
  readonly transitions = new MemoryTransitions();
  private readonly recordings = new MemoryRecordings();
  private nextTick = 0;
  private nextCollect: number;
  /** Rule errors seen so far, one line per rule and message. */
  readonly errors: string[] = [];
  private readonly errorsSeen = new Set<string>();

  constructor(
    rules: LoadedRule[],
    externalLabels: Labels,
    readonly opts = STREAM_DEFAULTS,
  ) {
    this.nextCollect = opts.collectMs;
    this.runtime = new EvaluationRuntime({
      clock: this.clock,
      logger: silentLogger(),
      metrics: createEvaluatorMetrics(createRegistry('stream_test', { defaultMetrics: false })),
      sink: new MemorySink(),
      transitions: this.transitions,
      recordings: this.recordings,
      state: new MemoryStateStore(),
      allowedLatenessMs: opts.allowedLatenessMs,
      resendDelayMs: 60_000,
      generatorURL: () => '',
      externalLabels,
    });
    this.runtime.replaceRules(rules);
  }

  get wall(): number {
    return this.clock.t;
  }

  /** Keeps at least `windowMs` (plus the lateness) in every window, for queries the rules do not make. */
  keepWindow(windowMs: number): void {
    const store = this.runtime.store;
    store.setRetention(Math.max(store.retentionMs, windowMs + this.opts.allowedLatenessMs));
  }

  /** Runs the timers due before wall time `w` (or up to and including it), then sets the clock to `w`. */
  async advanceTo(w: number, inclusive = false): Promise<void> {
    while (this.nextTick < w || (inclusive && this.nextTick === w)) {
      this.clock.t = Math.max(this.clock.t, this.nextTick);
      if (this.nextCollect <= this.nextTick) {
        this.runtime.scheduler.collect();
        this.nextCollect += this.opts.collectMs;
      }
      await this.runtime.tick();
      await this.afterCall();
      this.nextTick += this.opts.tickMs;
    }
    this.clock.t = Math.max(this.clock.t, w);
  }

  /** Hands in a batch at the current wall time (its samples may be older: they arrive late, never early). */
  async deliver(batch: SampleBatch): Promise<void> {
    await this.runtime.handleBatch(batch, false);
    await this.afterCall();
  }

  /** Feeds recorded samples back (as the Kafka round trip does) and notes rule errors. */
  private async afterCall(): Promise<void> {
    for (let round = 0; round < MAX_FEEDBACK_ROUNDS; round++) {
      this.noteErrors();
      const samples = this.recordings.samples.splice(0);
      if (samples.length === 0) return;
      const series = groupSeries(samples, (s) => seriesKey(s.name, s.labels)).map((s) => ({
        ...s,
        points: s.points.map((p) => ({ ...p, stale: isStalePoint(p) })),
      }));
      await this.runtime.handleBatch({ source: 'recording_rule', series }, false);
    }
    this.noteErrors();
  }

  private noteErrors(): void {
    for (const rule of this.runtime.loadedRules) {
      if (rule.health.health !== 'err') continue;
      const key = `${rule.id}\n${rule.health.lastError}`;
      if (this.errorsSeen.has(key)) continue;
      this.errorsSeen.add(key);
      this.errors.push(
        `    rule: ${rule.spec.name}, time: ${goDuration(this.clock.t)}, err: ${rule.health.lastError}`,
      );
    }
  }
}
