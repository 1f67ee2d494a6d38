import { alert, group } from '../test/fixtures';
import { renderGroup, truncateUtf8 } from './templates';

describe('templates', () => {
  it('renders firing alerts with severity, summary, description, labels, times and links', () => {
    const m = renderGroup(group(), {
      grafanaUrl: 'http://grafana.local/d/x',
      ackLink: (a) => `http://n/ack?fp=${a.fingerprint}`,
    });
    expect(m.title).toBe('[FIRING:1] HighCPU (critical)');
    for (const part of [
      '[critical] CPU above 90%',
      'db-1 has been hot for 5m',
      'instance=db-1:9100',
      'since 2025-01-01T10:00:00Z',
    ]) {
      expect(m.text).toContain(part);
      expect(m.markdown).toContain(part);
    }
    expect(m.markdown).toContain('[Source](http://prometheus.local/graph?g0.expr=up)');
    expect(m.markdown).toContain('[Grafana](http://grafana.local/d/x)');
    expect(m.markdown).toContain('[Alertmanager](http://alertmanager.local:9093/#/alerts)');
    expect(m.markdown).toContain('[Acknowledge](http://n/ack?fp=aaa111)');
    expect(m.html).toContain('<a href="http://grafana.local/d/x">Grafana</a>');
  });

  it('renders resolved alerts with start and end and no ack link', () => {
    const resolved = group({
      status: 'resolved',
      alerts: [alert({ status: 'resolved', endsAt: '2025-01-01T10:30:00Z' })],
    });
    const m = renderGroup(resolved, { ackLink: () => 'http://ack' });
    expect(m.title).toBe('[RESOLVED] HighCPU (critical)');
    expect(m.text).toContain('2025-01-01T10:00:00Z → 2025-01-01T10:30:00Z');
    expect(m.text).not.toContain('Acknowledge');
    expect(m.html).toContain('#2e9e44');
  });

  it('escapes HTML from labels and annotations', () => {
    const m = renderGroup(group({ alerts: [alert({ annotations: { summary: '<script>x</script>' } })] }));
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&#60;script&#62;');
  });

  it('truncates UTF-8 by bytes without splitting characters', () => {
    const out = truncateUtf8('告警'.repeat(2000), 4096);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(4096);
    expect(out).toMatch(/…\(truncated\)$/);
    expect(out).not.toContain('\uFFFD');
    expect(truncateUtf8('short', 4096)).toBe('short');
  });
});
