import type { SeriesPoints } from '@streamwatch/metrics-core';
import { createRuleCompiler } from '../streaming/rule-compiler';
import { StreamHarness } from './stream-harness';
import { runStreamTestGroup } from './stream-test-runner';
import { parseTestFile } from './test-file';
import { runTestGroup } from './test-runner';
import { parseRuleFile } from '../domain/rules';

const RULES = `groups:
  - name: g
    rules:
      - alert: HostDown
        expr: up == 0
        for: 3m
      - record: instance:up:copy
        expr: up
`;

const up = (t: number, value: number): SeriesPoints[] => [
  { name: 'up', labels: { job: 'node', instance: 'a' }, points: [{ timestampMs: t, value }] },
];

function harness(): StreamHarness {
  const compiler = createRuleCompiler({ defaultIntervalMs: 60_000, externalURL: '' });
  return new StreamHarness(compiler.compile(RULES, 'file', 'r.yml'), {});
}

/** The source's newest sample time when HostDown started firing (undefined: it did not). */
async function firedAtData(h: StreamHarness, delayMs: number, values: number[], stepMs: number) {
  let newest: number | undefined;
  for (let i = 0; i < values.length; i++) {
    const t = i * stepMs;
    await h.advanceTo(t + delayMs);
    if (h.transitions.events.some((e) => e.to === 'firing')) return newest;
    await h.deliver({ source: 'push', series: up(t, values[i] as number) });
    newest = t;
    if (h.transitions.events.some((e) => e.to === 'firing')) return newest;
  }
  return undefined;
}

/** Both runners over an inline test file with RULES; the failure lines of each. */
async function runBoth(text: string) {
  const test = parseTestFile(`evaluation_interval: 1m\ntests:\n${text}`);
  const tg = test.tests[0] as (typeof test.tests)[number];
  return {
    batch: runTestGroup(test, tg, parseRuleFile(RULES, 'r.yml')),
    stream: await runStreamTestGroup(test, tg, [{ path: 'r.yml', text: RULES }]),
  };
}

describe('StreamHarness: the runtime driven as main.ts drives it', () => {
  it('starts `for` at the sample that first met the condition: up to one evaluation step before promtool', async () => {
    const h = harness();
    // every 30 s, down from 30 s on: promtool sees it at 1m and fires at 4m
    expect(await firedAtData(h, 0, [1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 30_000)).toBe(210_000);
    const at = (to: string) => h.transitions.events.filter((e) => e.to === to).map((e) => Date.parse(e.at));
    expect(at('pending')).toEqual([30_000]);
    expect(at('firing')).toEqual([210_000]);
  });

  it('restarts `for` after a dip between two evaluation steps, which promtool never sees', async () => {
    // down at 0-1m, up at 1m30s, down again from 2m: promtool fires at 3m, the stream at 5m (2m + 3m)
    const checks = ['3m', '5m']
      .map(
        (t) =>
          `      - {eval_time: ${t}, alertname: HostDown, exp_alerts: [{exp_labels: {job: node, instance: a}}]}`,
      )
      .join('\n');
    const { batch, stream } = await runBoth(`  - interval: 30s
    input_series:
      - {series: 'up{job="node", instance="a"}', values: '0 0 0 1 0x8'}
    alert_rule_test:
${checks}
`);
    expect(batch).toEqual([]);
    expect(stream).toHaveLength(1);
    expect(stream[0]).toContain('alertname: HostDown, time: 3m,');
  });

  // The recording of `up` keeps job and instance and is stamped at the combined time (the wall clock minus the
  // lateness). With the source's samples 35 s behind the wall clock, taking it for the source's newest sample
  // pushed the source's time 30 s ahead of its data: "for: 3m" fired once the data showed 2m30s (and the
  // source's next samples were dropped as late).
  it('fires a `for: 3m` alert of a delayed source only once its data shows 3m', async () => {
    const fired = await firedAtData(harness(), 35_000, new Array<number>(21).fill(0), 15_000);
    expect(fired).toBe(180_000);
  });
});
