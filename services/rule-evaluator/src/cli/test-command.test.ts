import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runRuleTests } from './test-command';

const dir = join(__dirname, '../../conformance');
const files = (d: string) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.test.yml'))
    .map((f) => join(d, f));

describe('runRuleTests on the conformance suite', () => {
  it('passes every file promtool passes', async () => {
    const res = await runRuleTests(files(dir));
    expect(res.output).not.toContain('FAILED');
    expect(res.passed).toBe(true);
  });

  it.each(files(join(dir, 'must-fail')))('fails %s like promtool', async (file) => {
    const res = await runRuleTests([file]);
    expect(res.passed).toBe(false);
    expect(res.output).toContain('  FAILED:\n');
  });

  it('prints alert mismatches in promtool format', async () => {
    const res = await runRuleTests([join(dir, 'must-fail/alert-too-early.test.yml')]);
    expect(res.output).toContain(
      '    alertname: InstanceDown, time: 3m, \n        exp:[\n            0:\n              Labels:{alertname="InstanceDown"',
    );
    expect(res.output).toContain('        got:[]');
  });
});
