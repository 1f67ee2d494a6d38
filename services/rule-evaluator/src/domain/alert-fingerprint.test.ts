import { alertmanagerFingerprint } from './alert-fingerprint';

describe('alertmanagerFingerprint', () => {
  it('is FNV-1a 64 of the empty label set for no labels', () => {
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
  });

  it('ignores label order and changes with any label', () => {
    const a = alertmanagerFingerprint({ alertname: 'HighCpu', instance: 'a' });
    expect(alertmanagerFingerprint({ instance: 'a', alertname: 'HighCpu' })).toBe(a);
    expect(alertmanagerFingerprint({ alertname: 'HighCpu', instance: 'b' })).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});
