import { resolveEffectiveStates, type EffectiveState } from './dependencies';
import { History } from './history';
import type { ProbeResult } from './probe-result';
import type { ProbeType, Target } from './target';
import { applyResult, initialThresholdState, type HealthState, type ThresholdState } from './threshold';

export interface LastError {
  message: string;
  reason: string;
  atMs: number;
}

/** What the API, the page and the aggregate show for one target. */
export interface TargetStatus {
  name: string;
  type: ProbeType;
  description?: string;
  critical: boolean;
  dependsOn: string[];
  state: EffectiveState;
  ownState: HealthState;
  blockedBy: string[];
  sinceMs: number;
  lastResult?: ProbeResult;
  lastError?: LastError;
  history: ProbeResult[];
}

/** The effective state of one target without its history, for the metrics. */
export interface TargetStateSummary {
  name: string;
  type: ProbeType;
  critical: boolean;
  state: EffectiveState;
  blockedBy: string[];
}

export interface Transition {
  target: string;
  from: HealthState;
  to: HealthState;
}

interface Entry {
  target: Target;
  threshold: ThresholdState;
  history: History<ProbeResult>;
  lastError?: LastError;
}

/** Per-target thresholded state, recent history and last error; pure, fed with probe results. */
export class StatusBoard {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly targets: readonly Target[],
    historySize: number,
    startedAtMs: number,
  ) {
    for (const target of targets)
      this.entries.set(target.name, {
        target,
        threshold: initialThresholdState(startedAtMs),
        history: new History(historySize),
      });
  }

  /** Records one result; returns the state transition it caused, if any. */
  record(name: string, result: ProbeResult): Transition | undefined {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const prev = entry.threshold.state;
    const atMs = result.startedAtMs + result.durationSeconds * 1000;
    entry.threshold = applyResult(entry.threshold, result.success, atMs, entry.target);
    entry.history.push(result);
    if (!result.success)
      entry.lastError = { message: result.error ?? 'failed', reason: result.reason ?? 'error', atMs };
    return prev === entry.threshold.state
      ? undefined
      : { target: name, from: prev, to: entry.threshold.state };
  }

  private effectiveStates() {
    const own = new Map([...this.entries].map(([name, e]) => [name, e.threshold.state]));
    const failing = new Set(
      [...this.entries]
        .filter(([, e]) => e.threshold.state !== 'down' && e.threshold.consecutiveFailures > 0)
        .map(([name]) => name),
    );
    return resolveEffectiveStates(this.targets, own, failing);
  }

  /** Effective states only (cheap: no history copies), e.g. for the state gauges on every scrape. */
  states(): TargetStateSummary[] {
    const effective = this.effectiveStates();
    return this.targets.map((t) => ({
      name: t.name,
      type: t.probe.type,
      critical: t.critical,
      state: effective.get(t.name)?.state ?? 'unknown',
      blockedBy: effective.get(t.name)?.blockedBy ?? [],
    }));
  }

  snapshot(): TargetStatus[] {
    const effective = this.effectiveStates();
    return this.targets.map((t) => {
      const e = this.entries.get(t.name) as Entry;
      const eff = effective.get(t.name) ?? { state: e.threshold.state, blockedBy: [] };
      return {
        name: t.name,
        type: t.probe.type,
        ...(t.description ? { description: t.description } : {}),
        critical: t.critical,
        dependsOn: t.dependsOn,
        state: eff.state,
        ownState: e.threshold.state,
        blockedBy: eff.blockedBy,
        sinceMs: e.threshold.sinceMs,
        ...(e.history.last() ? { lastResult: e.history.last() } : {}),
        ...(e.lastError ? { lastError: e.lastError } : {}),
        history: e.history.list(),
      };
    });
  }
}
