import { createRegistry, silentLogger, type Labels } from '@streamwatch/metrics-core';
import { createEvaluatorMetrics } from '../metrics';
import type { SeriesStore } from '../domain/promql/api';
import type { Alert, AlertingEvaluation, AlertingRuleSnapshot, AlertTransition } from '../domain/rules/types';
import type {
  AlertSink,
  AlertStateStore,
  AlertTransitionEvent,
  PostableAlert,
  SamplePublisher,
  SendOutcome,
  TransitionPublisher,
} from '../ports';
import { EvaluationRuntime, type RuntimeDeps } from './evaluation-runtime';
import type { AlertingEngine } from './loaded-rule';

/** Test double of the engine's AlertingRule: `metric > threshold` per series, with `for`. */
export class ThresholdAlertEngine implements AlertingEngine {
  private alerts = new Map<string, Alert>();
  failWith?: string;

  constructor(
    private readonly alertname: string,
    private readonly metric: string,
    private readonly threshold: number,
    private readonly forMs: number,
  ) {}

  evaluate(tMs: number, store: SeriesStore): AlertingEvaluation {
    if (this.failWith) throw new Error(this.failWith);
    const transitions: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const s of store.select([{ name: '__name__', op: '=', value: this.metric }], tMs - 300_000, tMs)) {
      const last = s.points[s.points.length - 1];
      if (!last || !(last.v > this.threshold)) continue;
      const { __name__: _n, ...rest } = s.labels;
      const labels: Labels = { ...rest, alertname: this.alertname };
      const key = JSON.stringify(labels);
      seen.add(key);
      let a = this.alerts.get(key);
      if (!a) {
        a = { labels, annotations: {}, state: 'pending', value: last.v, activeAt: tMs, lastSeenAt: tMs };
        this.alerts.set(key, a);
        transitions.push({ kind: 'pending', from: 'inactive', alert: { ...a }, atMs: tMs });
      }
      a.value = last.v;
      a.lastSeenAt = tMs;
      if (a.state === 'pending' && tMs - a.activeAt >= this.forMs) {
        a.state = 'firing';
        a.firedAt = tMs;
        transitions.push({ kind: 'firing', from: 'pending', alert: { ...a }, atMs: tMs });
      }
    }
    for (const [key, a] of this.alerts) {
      if (seen.has(key)) continue;
      this.alerts.delete(key);
      if (a.state === 'firing')
        transitions.push({
          kind: 'resolved',
          from: 'firing',
          alert: { ...a, state: 'inactive', resolvedAt: tMs },
          atMs: tMs,
        });
    }
    return { active: this.activeAlerts(), transitions };
  }

  activeAlerts(): Alert[] {
    return [...this.alerts.values()].map((a) => ({ ...a }));
  }

  snapshot(): AlertingRuleSnapshot {
    return { version: 1, rule: this.alertname, alerts: this.activeAlerts() };
  }

  restore(snapshot: AlertingRuleSnapshot): void {
    this.alerts = new Map(snapshot.alerts.map((a) => [JSON.stringify(a.labels), { ...a }]));
  }
}

export class MemorySink implements AlertSink {
  posts: PostableAlert[][] = [];
  fail = false;
  async send(alerts: PostableAlert[]): Promise<SendOutcome[]> {
    if (this.fail) return ['failure'];
    this.posts.push(alerts);
    return ['success'];
  }
}

export class MemoryTransitions implements TransitionPublisher {
  events: AlertTransitionEvent[] = [];
  async publish(events: AlertTransitionEvent[]): Promise<void> {
    this.events.push(...events);
  }
}

export class MemoryRecordings implements SamplePublisher {
  samples: Parameters<SamplePublisher['publish']>[0] = [];
  async publish(samples: Parameters<SamplePublisher['publish']>[0]): Promise<void> {
    this.samples.push(...samples);
  }
}

export class MemoryStateStore implements AlertStateStore {
  readonly data = new Map<string, AlertingRuleSnapshot>();
  async loadAll(): Promise<Map<string, AlertingRuleSnapshot>> {
    return new Map(JSON.parse(JSON.stringify([...this.data])) as Array<[string, AlertingRuleSnapshot]>);
  }
  async save(ruleId: string, snapshot: AlertingRuleSnapshot): Promise<void> {
    if (snapshot.alerts.length === 0) this.data.delete(ruleId);
    else this.data.set(ruleId, snapshot);
  }
  async remove(ruleId: string): Promise<void> {
    this.data.delete(ruleId);
  }
}

export class FakeClock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export class MemoryRuleRepository {
  readonly groups = new Map<
    string,
    { name: string; body: Record<string, unknown>; version: number; updatedAt: Date }
  >();
  private deletes = 0;
  async list() {
    return [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  async get(name: string) {
    return this.groups.get(name);
  }
  async upsert(name: string, body: Record<string, unknown>) {
    const prev = this.groups.get(name);
    const group = { name, body, version: (prev?.version ?? 0) + 1, updatedAt: new Date(0) };
    this.groups.set(name, group);
    return { group, created: !prev };
  }
  async remove(name: string) {
    const had = this.groups.delete(name);
    if (had) this.deletes++;
    return had;
  }
  async revision() {
    return `${this.groups.size}:${[...this.groups.values()].reduce((s, g) => s + g.version, 0)}:${this.deletes}`;
  }
}

/**
 * An EvaluationRuntime on in-memory ports and a fake clock at `startMs`, for tests; `deps` overrides any
 * setting (lateness 5 s, resend 1 m by default).
 */
export function testRuntime(
  startMs: number,
  deps: Omit<Partial<RuntimeDeps>, 'state'> & { state?: MemoryStateStore } = {},
) {
  const clock = new FakeClock(startMs);
  const registry = createRegistry('test', { defaultMetrics: false });
  const ports = {
    sink: new MemorySink(),
    transitions: new MemoryTransitions(),
    recordings: new MemoryRecordings(),
    state: deps.state ?? new MemoryStateStore(),
  };
  const rt = new EvaluationRuntime({
    clock,
    logger: silentLogger(),
    metrics: createEvaluatorMetrics(registry),
    allowedLatenessMs: 5000,
    resendDelayMs: 60_000,
    generatorURL: () => '',
    ...deps,
    ...ports,
  });
  return { rt, clock, registry, ...ports };
}
