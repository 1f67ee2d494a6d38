import { alertEventSchema, toHistoryRecord } from './alert-event';

// The example message of the rule-evaluator's README ("Kafka topic `alerts`"): the producer's contract.
const evaluatorExample = {
  fingerprint: '698503aa607b7ebb',
  group: 'cpu',
  rule: 'HighCpu',
  from: 'pending',
  to: 'firing',
  labels: { alertname: 'HighCpu', instance: 'a', severity: 'page' },
  annotations: { summary: 'a at 0.97' },
  value: 0.97,
  activeAt: '2026-01-05T10:00:00.000Z',
  firedAt: '2026-01-05T10:05:00.000Z',
  at: '2026-01-05T10:05:00.000Z',
  generatorURL: 'http://rule-evaluator:8081/api/v1/rules#cpu',
};

describe('alert events from the rule-evaluator', () => {
  it('accepts the evaluator format and maps it to a history record', () => {
    const event = alertEventSchema.parse(evaluatorExample);
    expect(toHistoryRecord(event, 'alerts/0/1')).toEqual({
      sourceRef: 'alerts/0/1',
      fingerprint: '698503aa607b7ebb',
      alertname: 'HighCpu',
      state: 'firing',
      labels: evaluatorExample.labels,
      annotations: evaluatorExample.annotations,
      value: 0.97,
      ruleGroup: 'cpu',
      activeAt: new Date('2026-01-05T10:00:00.000Z'),
      firedAt: new Date('2026-01-05T10:05:00.000Z'),
      resolvedAt: null,
      eventAt: new Date('2026-01-05T10:05:00.000Z'),
    });
  });

  it('rejects a message without its state or time, naming the field', () => {
    const { to: _to, ...noState } = evaluatorExample;
    const r = alertEventSchema.safeParse(noState);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['to']);
    const { at: _at, ...noTime } = evaluatorExample;
    expect(alertEventSchema.safeParse(noTime).error?.issues[0]?.path).toEqual(['at']);
  });

  it('takes the alert name from the rule when the labels lack it', () => {
    const event = alertEventSchema.parse({ ...evaluatorExample, labels: { instance: 'a' } });
    expect(toHistoryRecord(event, 'x').alertname).toBe('HighCpu');
  });

  it('makes text safe and drops dates PostgreSQL cannot store, so one odd event cannot stall the topic', () => {
    const event = alertEventSchema.parse({
      ...evaluatorExample,
      labels: { alertname: 'Nul', path: 'a\u0000b' },
      annotations: { summary: 'x\uD800' },
      activeAt: '+275760-09-13T00:00:00.000Z',
      resolvedAt: 8.64e15,
    });
    const r = toHistoryRecord(event, 'x');
    expect(r.labels).toEqual({ alertname: 'Nul', path: 'a\uFFFDb' });
    expect(r.annotations.summary).toBe('x\uFFFD');
    expect([r.activeAt, r.resolvedAt]).toEqual([null, null]);
  });
});
