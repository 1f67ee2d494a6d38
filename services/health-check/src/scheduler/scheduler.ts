import { setMaxListeners } from 'node:events';
import type { ProbeResult } from '../domain/probe-result';
import type { Clock, Probe, TimerHandle } from '../ports';
import { runWithTimeout } from './run-with-timeout';

export interface ScheduledJob {
  name: string;
  intervalMs: number;
  timeoutMs: number;
  probe: Probe;
}

export interface SchedulerHooks {
  onResult(name: string, result: ProbeResult): void;
  /** Seconds between a run's planned time and its actual start (includes waiting for a free slot). */
  onDrift?(seconds: number): void;
  /** A run was due while the previous one of the same job was still queued or running. */
  onSkipped?(name: string): void;
  onInFlight?(count: number): void;
}

export interface SchedulerOptions {
  clock: Clock;
  /** At most this many probes run at once; the rest wait in FIFO order. */
  concurrency: number;
  /** Picks each job's phase in [0, interval); injectable for tests. */
  random?: () => number;
  hooks: SchedulerHooks;
}

interface JobState {
  job: ScheduledJob;
  dueMs: number;
  timer?: TimerHandle;
  busy: boolean;
}

/**
 * Fixed-rate scheduler: each job starts at a random phase within its first interval (spreading load),
 * then runs every interval from that phase. Runs go through a bounded-concurrency FIFO queue; each run
 * is cut at its timeout, so a hanging probe frees its slot and never blocks the others.
 */
export class Scheduler {
  private readonly states: JobState[] = [];
  private readonly queue: Array<{ state: JobState; dueMs: number }> = [];
  private active = 0;
  private running = false;
  private readonly stopCtrl = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly opts: SchedulerOptions) {
    // every in-flight run listens for stop; there are up to `concurrency` of them
    setMaxListeners(0, this.stopCtrl.signal);
  }

  start(jobs: readonly ScheduledJob[]): void {
    this.running = true;
    const now = this.opts.clock.now();
    const random = this.opts.random ?? Math.random;
    for (const job of jobs) {
      const state: JobState = { job, dueMs: now + Math.floor(random() * job.intervalMs), busy: false };
      this.states.push(state);
      this.arm(state);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const s of this.states) if (s.timer !== undefined) this.opts.clock.clearTimer(s.timer);
    this.queue.length = 0;
    this.stopCtrl.abort();
    await Promise.all([...this.inFlight]);
  }

  private arm(state: JobState): void {
    state.timer = this.opts.clock.setTimer(() => this.fire(state), state.dueMs - this.opts.clock.now());
  }

  private fire(state: JobState): void {
    if (!this.running) return;
    const dueMs = state.dueMs;
    if (state.busy) this.opts.hooks.onSkipped?.(state.job.name);
    else {
      state.busy = true;
      this.queue.push({ state, dueMs });
    }
    const now = this.opts.clock.now();
    do state.dueMs += state.job.intervalMs;
    while (state.dueMs <= now);
    this.arm(state);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.running && this.active < this.opts.concurrency && this.queue.length > 0) {
      const { state, dueMs } = this.queue.shift() as { state: JobState; dueMs: number };
      this.active++;
      this.opts.hooks.onInFlight?.(this.active);
      this.opts.hooks.onDrift?.(Math.max(0, this.opts.clock.now() - dueMs) / 1000);
      const run = runWithTimeout(
        state.job.probe,
        state.job.timeoutMs,
        this.opts.clock,
        this.stopCtrl.signal,
      ).then((result) => {
        this.active--;
        state.busy = false;
        this.inFlight.delete(run);
        this.opts.hooks.onInFlight?.(this.active);
        try {
          if (this.running) this.opts.hooks.onResult(state.job.name, result);
        } finally {
          this.dispatch();
        }
      });
      this.inFlight.add(run);
    }
  }
}
