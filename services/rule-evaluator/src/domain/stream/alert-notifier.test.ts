import type { Labels } from '@streamwatch/metrics-core';
import type { Alert } from '../rules/types';
import { AlertNotifier } from './alert-notifier';

const T0 = 1_700_000_000_000;
const RESEND = 60_000;

const firing = (labels: Labels): Alert => ({
  labels: { alertname: 'HighCpu', ...labels },
  annotations: { summary: 'hot' },
  state: 'firing',
  value: 1,
  activeAt: T0 - 60_000,
  firedAt: T0,
  lastSeenAt: T0,
});

const notifier = (externalLabels?: Labels) =>
  new AlertNotifier({
    resendDelayMs: RESEND,
    resolvedRetentionMs: 15 * 60_000,
    generatorURL: (id) => `http://eval/api/v1/rules#${id}`,
    externalLabels,
  });

describe('AlertNotifier external labels', () => {
  it('adds the external labels to every posted alert; a label the alert has wins', () => {
    const n = notifier({ cluster: 'prod', region: 'eu', instance: 'from-external' });
    n.update('r1', [firing({ instance: 'a', region: 'us' })], []);
    expect(n.due(T0).map((a) => a.labels)).toEqual([
      { alertname: 'HighCpu', instance: 'a', region: 'us', cluster: 'prod' },
    ]);
  });

  it('adds them to resolved alerts too', () => {
    const n = notifier({ cluster: 'prod' });
    const alert = firing({ instance: 'a' });
    n.update('r1', [alert], []);
    n.due(T0);
    n.update('r1', [], [{ ...alert, state: 'inactive', resolvedAt: T0 + 1000 }]);
    const [resolved] = n.due(T0 + 1000);
    expect(resolved?.labels).toEqual({ alertname: 'HighCpu', instance: 'a', cluster: 'prod' });
    expect(resolved?.endsAt).toBe(new Date(T0 + 1000).toISOString());
  });

  it('keeps tracking by the alert’s own labels: a failed post is retried, a re-send is not duplicated', () => {
    const n = notifier({ cluster: 'prod' });
    n.update('r1', [firing({ instance: 'a' })], []);
    const first = n.due(T0);
    expect(n.due(T0 + 1000)).toEqual([]);
    n.retry(first);
    expect(n.due(T0 + 2000)).toHaveLength(1);
    n.update('r1', [firing({ instance: 'a' })], []);
    expect(n.due(T0 + 3000)).toEqual([]);
    expect(n.size).toBe(1);
  });

  it('posts the alert’s labels unchanged without external labels', () => {
    const n = notifier();
    const alert = firing({ instance: 'a' });
    n.update('r1', [alert], []);
    expect(n.due(T0)[0]?.labels).toBe(alert.labels);
  });
});

describe('AlertNotifier identity', () => {
  it('tracks two alerts apart whose labels the old fingerprint input could not tell apart', () => {
    const n = notifier();
    // 'ÿ' is the separator character the fingerprint input used between names and values
    n.update('r1', [firing({ x: 'aÿyÿb' }), firing({ x: 'a', y: 'b' })], []);
    expect(n.size).toBe(2);
    expect(n.due(T0).map((a) => a.labels)).toEqual([
      { alertname: 'HighCpu', x: 'aÿyÿb' },
      { alertname: 'HighCpu', x: 'a', y: 'b' },
    ]);
  });
});
