import { findCycle, resolveEffectiveStates } from './dependencies';
import type { HealthState } from './threshold';

const nodes = [
  { name: 'kafka', dependsOn: [] },
  { name: 'redis', dependsOn: [] },
  { name: 'collector', dependsOn: ['kafka'] },
  { name: 'evaluator', dependsOn: ['collector', 'redis'] },
  { name: 'grafana', dependsOn: [] },
];

function states(own: Record<string, HealthState>) {
  return resolveEffectiveStates(nodes, new Map(Object.entries(own)));
}

describe('dependency blocking', () => {
  it('shows a failing dependent as blocked by the down dependency', () => {
    const e = states({ kafka: 'down', redis: 'up', collector: 'down', evaluator: 'up', grafana: 'up' });
    expect(e.get('kafka')).toEqual({ state: 'down', blockedBy: [] });
    expect(e.get('collector')).toEqual({ state: 'blocked', blockedBy: ['kafka'] });
    expect(e.get('evaluator')).toEqual({ state: 'up', blockedBy: [] });
  });

  it('names the root causes through blocked intermediates', () => {
    const e = states({ kafka: 'down', redis: 'down', collector: 'down', evaluator: 'down', grafana: 'up' });
    expect(e.get('evaluator')).toEqual({ state: 'blocked', blockedBy: ['kafka', 'redis'] });
  });

  it('keeps a dependent down when its dependencies are up', () => {
    const e = states({ kafka: 'up', redis: 'up', collector: 'down', evaluator: 'down', grafana: 'down' });
    expect(e.get('collector')?.state).toBe('down');
    expect(e.get('evaluator')).toEqual({ state: 'blocked', blockedBy: ['collector'] });
    expect(e.get('grafana')?.state).toBe('down');
  });

  it('blocks a dependent that has no verdict yet', () => {
    expect(states({ kafka: 'down', collector: 'unknown' }).get('collector')?.state).toBe('blocked');
  });

  it('blocks a whole chain and a diamond by the single root cause', () => {
    const graph = [
      { name: 'postgres', dependsOn: [] },
      { name: 'rule-evaluator', dependsOn: ['postgres'] },
      { name: 'notifier', dependsOn: ['postgres'] },
      { name: 'pager', dependsOn: ['rule-evaluator', 'notifier'] },
    ];
    const e = resolveEffectiveStates(
      graph,
      new Map<string, HealthState>([
        ['postgres', 'down'],
        ['rule-evaluator', 'down'],
        ['notifier', 'down'],
        ['pager', 'down'],
      ]),
    );
    expect([...e.values()].filter((x) => x.state === 'down')).toHaveLength(1);
    for (const name of ['rule-evaluator', 'notifier', 'pager'])
      expect(e.get(name)).toEqual({ state: 'blocked', blockedBy: ['postgres'] });
  });

  it('blocks a down dependent by a dependency that fails but has not reached its threshold yet', () => {
    const own = new Map<string, HealthState>([
      ['kafka', 'up'],
      ['collector', 'down'],
    ]);
    expect(resolveEffectiveStates(nodes, own, new Set(['kafka'])).get('collector')).toEqual({
      state: 'blocked',
      blockedBy: ['kafka'],
    });
    expect(resolveEffectiveStates(nodes, own).get('collector')?.state).toBe('down');
  });

  it('finds cycles', () => {
    expect(findCycle(nodes)).toBeUndefined();
    expect(
      findCycle([
        ...nodes,
        { name: 'a', dependsOn: ['b'] },
        { name: 'b', dependsOn: ['c'] },
        { name: 'c', dependsOn: ['a'] },
      ]),
    ).toEqual(['a', 'b', 'c', 'a']);
  });
});
