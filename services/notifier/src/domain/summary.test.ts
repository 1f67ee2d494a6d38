import { WECOM_MAX_BYTES } from '../channels/wecom';
import { alert, group } from '../test/fixtures';
import type { Alert, AlertGroup, AlertStatus } from './alert-group';
import { renderSummary, SUMMARY_MAX_BYTES } from './summary';

const pad = (i: number, n = 3) => String(i).padStart(n, '0');

/** One notification per alert, as Alertmanager sends them when it groups by instance. */
function notification(
  name: string,
  labels: Record<string, string>,
  status: AlertStatus = 'firing',
  severity = 'critical',
): AlertGroup {
  const fingerprint = `${name}/${JSON.stringify(labels)}`;
  return group({
    status,
    groupKey: `{}:{alertname="${name}",instance="${labels.instance}"}`,
    commonLabels: { alertname: name, severity, ...labels },
    alerts: [
      alert({
        status,
        fingerprint,
        labels: { alertname: name, severity, job: 'node', ...labels },
        annotations: { summary: `${name} on ${labels.instance}` },
        endsAt: status === 'resolved' ? '2025-01-01T10:30:00Z' : '0001-01-01T00:00:00Z',
      }),
    ],
  });
}

const storm = (name: string, n: number, status: AlertStatus = 'firing', prefix = 'node-') =>
  Array.from({ length: n }, (_, i) => notification(name, { instance: `${prefix}${pad(i)}` }, status));

const bullets = (text: string) => text.split('\n').filter((l) => l.startsWith('• '));

describe('renderSummary', () => {
  it('sums up 300 alerts over 300 instances in one line with severity and a link', () => {
    const s = renderSummary(storm('DiskFull', 300).reverse());
    expect(s.title).toBe('[SUMMARY] 300 held back: 300 × DiskFull');
    expect(bullets(s.text)).toEqual(['• [critical] 300 × DiskFull on node-000 … node-299']);
    expect(s.text).toContain(
      'Alertmanager: http://alertmanager.local:9093/#/alerts?filter=%7Balertname%3D%22DiskFull%22%7D',
    );
    expect(s.markdown).toContain('- **[critical] 300 × DiskFull** on node-000 … node-299 ([Alertmanager](');
    expect(s.html).toContain('<strong>[critical] 300 × DiskFull</strong> on node-000 … node-299');
    expect(s.html).toContain('#d63232');
    expect(Buffer.byteLength(s.text)).toBeLessThan(400);
  });

  it('groups mixed alert names, largest first, and lists up to three values in full', () => {
    const s = renderSummary([
      ...storm('HighCPU', 50, 'firing', 'db-').map((g) => ({
        ...g,
        alerts: g.alerts.map((a) => ({ ...a, labels: { ...a.labels, severity: 'warning' } })),
      })),
      ...storm('DiskFull', 200),
      ...storm('ExporterDown', 3, 'firing', 'edge-'),
    ]);
    expect(bullets(s.text)).toEqual([
      '• [critical] 200 × DiskFull on node-000 … node-199',
      '• [warning] 50 × HighCPU on db-000 … db-049',
      '• [critical] 3 × ExporterDown on edge-000, edge-001, edge-002',
    ]);
    expect(s.title).toBe('[SUMMARY] 253 held back: 200 × DiskFull, 50 × HighCPU, 3 × ExporterDown');
  });

  it('sums up a resolved storm the same way, after the firing lines', () => {
    const s = renderSummary([...storm('DiskFull', 280, 'resolved'), ...storm('DiskFull', 20).slice(0, 5)]);
    expect(bullets(s.text)).toEqual([
      '• [critical] 5 × DiskFull on node-000 … node-004',
      '• [critical] 280 × DiskFull resolved on node-000 … node-279',
    ]);
    expect(s.title).toBe('[SUMMARY] 285 held back: 5 × DiskFull, 280 × DiskFull resolved');
    const resolvedOnly = renderSummary(storm('DiskFull', 280, 'resolved'));
    expect(resolvedOnly.title).toBe('[SUMMARY] 280 held back: 280 × DiskFull resolved');
    expect(resolvedOnly.text).toContain('Source: http://prometheus.local/graph?g0.expr=up');
    expect(resolvedOnly.html).toContain('#2e9e44');
  });

  it('counts an alert repeated in several notifications once, and names labels when several vary', () => {
    const disks = Array.from({ length: 150 }, (_, i) =>
      ['/', '/data'].map((mountpoint) =>
        notification('DiskFull', { instance: `node-${pad(i)}`, mountpoint }),
      ),
    ).flat();
    const s = renderSummary([...disks, ...disks.slice(0, 10)]);
    expect(s.text).toContain('310 notifications (300 alerts) held back');
    expect(bullets(s.text)).toEqual([
      '• [critical] 300 × DiskFull on instance=node-000 … node-149 (150); mountpoint=/, /data',
    ]);
  });

  it('keeps each line on one line whatever the label values hold', () => {
    const g = notification('Disk\nFull', { instance: 'a\u0000b\nc' });
    (g.alerts[0] as Alert).annotations.runbook_url = 'http://runbooks/x\n- [evil](http://x)';
    const s = renderSummary([g]);
    expect(bullets(s.text)).toEqual(['• [critical] 1 × Disk Full on instance=a b c, job=node']);
    expect(s.text).not.toContain('Runbook');
    expect(s.title).toBe('[SUMMARY] 1 held back: 1 × Disk Full');
  });

  it('stays within every chat limit however many alert names there are, and counts what it leaves out', () => {
    const long = 'x'.repeat(300);
    const groups = Array.from({ length: 400 }, (_, i) => {
      const g = notification(`Alert${pad(i)}${long}`, { instance: `${long}-${i}` });
      g.truncatedAlerts = 1;
      return g;
    });
    const s = renderSummary(groups, { grafanaUrl: `http://grafana.local/${long}` });
    expect(Buffer.byteLength(s.markdown)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(Buffer.byteLength(s.markdown)).toBeLessThanOrEqual(WECOM_MAX_BYTES);
    expect(Buffer.byteLength(s.text)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(Buffer.byteLength(s.html)).toBeLessThanOrEqual(2 * SUMMARY_MAX_BYTES);
    expect(s.title.length).toBeLessThanOrEqual(120);
    const shown = bullets(s.text).length;
    expect(shown).toBeGreaterThan(0);
    expect(s.text).toContain(`… and ${400 - shown} more alert names (${400 - shown} alerts)`);
    expect(s.text).toContain('(+400 alerts truncated by Alertmanager)');
    expect(s.title).toMatch(/^\[SUMMARY\] 400 held back: 1 × Alert000x+…, \+399 more$/);
  });
});
