import { StatusBoard } from '../domain/status-board';
import { systemHealth } from '../domain/system-health';
import { httpTarget, result } from '../testing/targets.fixture';
import { escapeHtml } from './html';
import { renderStatusPage } from './status-page';

function page(errorText = 'connect ECONNREFUSED') {
  const board = new StatusBoard(
    [httpTarget('kafka'), httpTarget('collector', { dependsOn: ['kafka'] }), httpTarget('grafana')],
    5,
    0,
  );
  board.record('grafana', result(true, 1000));
  board.record('kafka', result(true, 1000));
  board.record('kafka', result(false, 2000, { error: errorText }));
  board.record('collector', result(false, 2000));
  const snap = board.snapshot();
  return renderStatusPage(snap, systemHealth(snap, 65_000), { nowMs: 65_000, refreshSeconds: 10 });
}

describe('status page', () => {
  it('escapes all dynamic text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = page('<script>alert("x")</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Last error: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('shows states worst first, the blocked-by reason, since when, latency and history', () => {
    const html = page();
    const order = [...html.matchAll(/data-target="([^"]+)" data-state="([^"]+)"/g)].map(
      (m) => `${m[1]}:${m[2]}`,
    );
    expect(order).toEqual(['kafka:down', 'collector:blocked', 'grafana:up']);
    expect(html).toContain('<p class="detail blocked-by">Blocked by kafka</p>');
    expect(html).toContain('data-overall="fail">Outage</p>');
    expect(html).toContain('<p class="explain">kafka down; collector blocked by kafka</p>');
    expect(html).toContain('since 1970-01-01 00:00:02 UTC (1m 2s)');
    expect(html).toContain('latency 12 ms');
    expect(html).toMatch(
      /<ol class="history" aria-label="last 2 results"><li class="ok" [^>]+><\/li><li class="fail" /,
    );
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<meta http-equiv="refresh" content="10">');
  });
});
