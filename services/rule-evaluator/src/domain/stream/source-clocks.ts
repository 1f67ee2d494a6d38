/**
 * Event time per source. A source is what Kafka keys samples by (`job`+`instance`, else the series, see
 * `sourceKeyOf`), so a source's samples arrive in order on one partition. A sample's timestamp moves time
 * only for its own source: a sender whose clock runs ahead or behind neither drops nor delays anyone else's
 * samples, and its own samples are evaluated in its own time.
 *
 * - A sample is late only against its own series: older than that series' newest point minus the lateness
 *   (out of order). One source's series may arrive a little out of step (Prometheus sends a target's series
 *   through several remote-write shards): that moves nothing back.
 * - Between samples, a source's time runs on with the wall clock once it has been quiet for the lateness
 *   (`timeAt`), so `for`, `keep_firing_for` and staleness elapse for a source that stopped sending.
 * - A source that resumes behind that extrapolated time, in order (a remote-write sender replaying after an
 *   outage), is caught up: its time goes back to its samples' time, so the replay is evaluated as it happened
 *   instead of being dropped as late.
 */
export class SourceClock {
  /** Newest sample time seen from the source. */
  newestT = -Infinity;
  /** Wall-clock time at which `newestT` arrived. */
  arrivedAt = -Infinity;
  /** The source's event time: `newestT`, or later once extrapolated by `timeAt`. */
  time = -Infinity;
  /** Wall-clock time of the last late-sample log line for this source (see the runtime). */
  lateLoggedAt = -Infinity;
  /** The evaluation round (`SourceClocks.round`) whose sample times `steps` holds (see `stepsOf`). */
  stepsRound = -1;
  /**
   * This round's new sample times, ascending: when there are several (a message carrying minutes of one
   * source, as a replay does), per-series rules step through them instead of jumping to the newest.
   */
  readonly steps: number[] = [];
  /** Scratch for grouping series by source without a map (see the scheduler). */
  mark = 0;
  group: unknown = undefined;

  constructor(readonly key: string) {}
}

const NO_STEPS: readonly number[] = [];

/** At most this many sample times are kept per source and round (the newest). */
const MAX_STEPS = 1024;

export class SourceClocks {
  private readonly byKey = new Map<string, SourceClock>();
  /** Moved on by the scheduler when a round starts (an append with no evaluation pending). */
  round = 0;

  constructor(private readonly latenessMs: number) {}

  of(key: string): SourceClock {
    let clock = this.byKey.get(key);
    if (clock === undefined) this.byKey.set(key, (clock = new SourceClock(key)));
    return clock;
  }

  /**
   * Whether a sample at `t` of a series whose newest point is `seriesNewest`, arriving at wall-clock `wall`, is
   * accepted (false: late), and moves its source's time. Replayed samples (window rebuild) are always accepted.
   */
  arrive(clock: SourceClock, t: number, wall: number, replay: boolean, seriesNewest: number): boolean {
    if (t <= clock.newestT) return replay || t >= seriesNewest - this.latenessMs;
    // behind the time its quiet spell ran on to: caught up, its time goes back to its samples'
    const behind = t < clock.time - this.latenessMs;
    if (!replay) this.step(clock, t);
    clock.newestT = t;
    clock.arrivedAt = wall;
    clock.time = behind ? t : Math.max(clock.time, t);
    return true;
  }

  /**
   * The earlier of this round's sample times of `clock` at which a rule with `intervalMs` is due, before its
   * evaluation at the source's time: each a whole interval after the previous one and before that time.
   */
  dueSteps(clock: SourceClock, intervalMs: number): readonly number[] {
    // every touched source asks, once per rule evaluated: allocate only when a step is due
    if (clock.stepsRound !== this.round || clock.steps.length < 2) return NO_STEPS;
    const steps = clock.steps;
    let due: number[] | undefined;
    let last = -Infinity;
    for (let i = 0; i < steps.length - 1; i++) {
      const t = steps[i] as number;
      if (t - last < intervalMs || t > clock.time - intervalMs) continue;
      (due ??= []).push(t);
      last = t;
    }
    return due ?? NO_STEPS;
  }

  private step(clock: SourceClock, t: number): void {
    if (clock.stepsRound !== this.round) {
      clock.stepsRound = this.round;
      clock.steps.length = 0;
      clock.steps.push(t);
      return;
    }
    if (clock.steps.length >= MAX_STEPS) clock.steps.shift();
    clock.steps.push(t);
  }

  /** The source's time at wall-clock `wall`: its newest sample, run on with the clock after a quiet spell. */
  timeAt(clock: SourceClock, wall: number): number {
    const quiet = wall - clock.arrivedAt - this.latenessMs;
    if (quiet > 0 && clock.newestT + quiet > clock.time) clock.time = clock.newestT + quiet;
    return clock.time;
  }

  /** Forgets the sources `keep` says no longer matter (their series are gone). */
  retain(keep: (clock: SourceClock) => boolean): void {
    for (const [key, clock] of this.byKey) if (!keep(clock)) this.byKey.delete(key);
  }
}

const SEP = '\xff';

/**
 * The source of a series: `job`+`instance` when both are present (the Kafka key), else the series itself.
 * `seriesKey` is only read when needed.
 */
export function sourceKeyOf(
  job: string | undefined,
  instance: string | undefined,
  seriesKey: () => string,
): string {
  return job !== undefined && instance !== undefined ? job + SEP + instance : '\x00' + seriesKey();
}
