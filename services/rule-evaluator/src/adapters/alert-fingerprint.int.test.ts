import { randomUUID } from 'node:crypto';
import { nativeEnv } from '@streamwatch/test-support';
import { alertmanagerFingerprint } from '../domain/alert-fingerprint';

const { ALERTMANAGER_URL } = nativeEnv();

describe('alert fingerprints against the real Alertmanager', () => {
  it('equal the fingerprint Alertmanager assigns', async () => {
    const labels = {
      alertname: `FingerprintCheck_${randomUUID().slice(0, 8)}`,
      instance: 'host:9100',
      severity: 'warning',
      city: 'Zürich',
    };
    const post = await fetch(`${ALERTMANAGER_URL}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { labels, annotations: {}, endsAt: new Date(Date.now() + 60_000).toISOString() },
      ]),
    });
    expect(post.status).toBe(200);
    const filter = encodeURIComponent(`alertname="${labels.alertname}"`);
    const res = await fetch(`${ALERTMANAGER_URL}/api/v2/alerts?filter=${filter}`);
    const alerts = (await res.json()) as Array<{ fingerprint: string }>;
    expect(alerts).toHaveLength(1);
    expect(alertmanagerFingerprint(labels)).toBe(alerts[0]!.fingerprint);
  });
});
