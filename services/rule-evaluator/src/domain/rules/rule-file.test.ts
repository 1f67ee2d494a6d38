import { parseRuleFile, RuleFileError } from './rule-file';

function errorOf(text: string): RuleFileError {
  try {
    parseRuleFile(text, 'r.yml');
  } catch (err) {
    if (err instanceof RuleFileError) return err;
    throw err;
  }
  throw new Error('expected a RuleFileError');
}

describe('parseRuleFile', () => {
  it('parses alerting and recording rules with durations', () => {
    const groups = parseRuleFile(`groups:
  - name: g
    interval: 30s
    rules:
      - record: job:up:sum
        expr: sum by (job) (up)
      - alert: Down
        expr: up == 0
        for: 5m
        keep_firing_for: 1m
        labels: { severity: page }
        annotations: { summary: "{{ $labels.instance }} down" }
`);
    expect(groups).toEqual([
      {
        name: 'g',
        intervalMs: 30_000,
        limit: 0,
        file: undefined,
        rules: [
          { kind: 'record', name: 'job:up:sum', expr: 'sum by (job) (up)', labels: {} },
          {
            kind: 'alert',
            name: 'Down',
            expr: 'up == 0',
            forMs: 300_000,
            keepFiringForMs: 60_000,
            labels: { severity: 'page' },
            annotations: { summary: '{{ $labels.instance }} down' },
          },
        ],
      },
    ]);
  });

  it('maps PromQL error positions into the YAML file', () => {
    const err = errorOf(
      'groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum(rate(x[5m]) by (job)\n',
    );
    expect(err.position).toEqual({ line: 5, column: 31 });
    expect(err.exprPosition).toMatchObject({ line: 1, column: 17 });
    expect(err.message).toMatch(/^r\.yml:5:31: could not parse expression/);
  });

  it('names unsupported constructs', () => {
    expect(
      errorOf('groups:\n- name: g\n  rules:\n  - record: r\n    expr: holt_winters(x[5m], 0.1, 0.1)\n')
        .message,
    ).toContain('unsupported function: holt_winters');
  });

  it.each([
    ['groups:\n- name: g\n  rules: []\n- name: g\n  rules: []\n', 'groupname must be unique'],
    ['groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    for: 5 minutes\n', 'invalid duration'],
    [
      'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: { "bad-name": x }\n',
      'invalid label name',
    ],
    ['groups:\n- name: g\n  rules:\n  - expr: up\n', "one of 'record' or 'alert' must be set"],
    ['groups:\n- name: g\n  rules:\n  - record: "1bad"\n    expr: up\n', 'invalid recording rule name'],
    [
      'groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    for: 1m\n',
      "invalid field 'for' in recording rule",
    ],
    [
      'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    annotations: { s: "{{ nope }}" }\n',
      'function "nope" not defined',
    ],
    ['groups:\n- name: g\n  extra: 1\n', 'field extra not found'],
    ['groups: [\n', 'invalid YAML'],
  ])('rejects %j', (text, message) => {
    const err = errorOf(text);
    expect(err.message).toContain(message);
    expect(err.position?.line).toBeGreaterThan(0);
  });
});
