import { createRegistry, silentLogger } from '@streamwatch/metrics-core';
import type { AlertingRuleSnapshot } from '../domain/rules/types';
import { createEvaluatorMetrics } from '../metrics';
import type { AlertTransitionEvent, PostableAlert } from '../ports';
import { MemoryRecordings, MemorySink, MemoryStateStore, MemoryTransitions } from './fakes';
import { OutputQueue } from './output-queue';

const SNAPSHOT: AlertingRuleSnapshot = {
  version: 1,
  rule: 'Hot',
  alerts: [
    {
      labels: { alertname: 'Hot', instance: 'a' },
      annotations: {},
      state: 'firing',
      value: 9,
      activeAt: 1000,
      firedAt: 1000,
      lastSeenAt: 1000,
    },
  ],
};
const EVENT = { fingerprint: 'f', to: 'firing' } as AlertTransitionEvent;
const ALERT: PostableAlert = {
  labels: { alertname: 'Hot' },
  annotations: {},
  startsAt: 'x',
  generatorURL: 'g',
};

/** A state store whose writes wait until released, logging what happened in which order. */
class SlowStateStore extends MemoryStateStore {
  release: () => void = () => undefined;
  private readonly gate = new Promise<void>((r) => (this.release = r));
  fail = false;
  constructor(private readonly order: string[]) {
    super();
  }
  override async save(ruleId: string, snapshot: AlertingRuleSnapshot): Promise<void> {
    await this.gate;
    if (this.fail) throw new Error('redis down');
    await super.save(ruleId, snapshot);
    this.order.push(`state ${ruleId}`);
  }
}

function queue() {
  const order: string[] = [];
  const state = new SlowStateStore(order);
  const transitions = new MemoryTransitions();
  const sink = new MemorySink();
  transitions.publish = async (events) => void order.push(`transitions ${events.length}`);
  sink.send = async (alerts) => {
    order.push(`alerts ${alerts.length}`);
    return ['success'];
  };
  const out = new OutputQueue({
    logger: silentLogger(),
    metrics: createEvaluatorMetrics(createRegistry('test', { defaultMetrics: false })),
    sink,
    transitions,
    recordings: new MemoryRecordings(),
    state,
  });
  return { out, order, state };
}

it('writes alert state before it publishes the transitions and posts the alerts of the same flush', async () => {
  const { out, order, state } = queue();
  out.saveState('r1', SNAPSHOT);
  out.saveState('r2', SNAPSHOT);
  out.transition(EVENT);
  const flushed = out.flush([ALERT], () => undefined);
  await new Promise((r) => setTimeout(r, 20));
  // a process killed now has announced nothing it did not save
  expect(order).toEqual([]);
  state.release();
  await flushed;
  expect(order).toEqual(['state r1', 'state r2', 'transitions 1', 'alerts 1']);
  expect([...state.data.keys()]).toEqual(['r1', 'r2']);
});

it('still notifies when the state write fails, and retries the state on the next flush', async () => {
  const { out, order, state } = queue();
  state.fail = true;
  state.release();
  out.saveState('r1', SNAPSHOT);
  out.transition(EVENT);
  await out.flush([ALERT], () => undefined);
  expect(order).toEqual(['transitions 1', 'alerts 1']);
  state.fail = false;
  await out.flush([], () => undefined);
  expect(order).toEqual(['transitions 1', 'alerts 1', 'state r1']);
});
