import type { AlertGroup } from './alert-group';
import { summarize, type LabelSpread, type StormSummary, type SummaryLine } from './summary-lines';
import type { RenderedMessage, TemplateLinks } from './templates';

/**
 * Each format of a summary stays under this many bytes (HTML, for e-mail only, under twice as many):
 * below the smallest chat limit, WeCom's 4096 bytes of markdown, so no channel has to cut a summary.
 */
export const SUMMARY_MAX_BYTES = 3500;
const MAX_VALUE_CHARS = 40;
const MAX_NAME_CHARS = 60;
const MAX_URL_CHARS = 400;
const MAX_TITLE_CHARS = 120;
/** Room kept for the closing "… and N more" and "truncated" lines. */
const FOOTER_BYTES = 200;

interface Link {
  name: string;
  url: string;
}
interface Piece {
  text: string;
  markdown: string;
  html: string;
}

/** At most `max` characters, on one line: control characters (newlines, U+0000) become spaces. */
function cut(s: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const line = s.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "node-000 … node-299": every value when there are three or fewer, else the first and the last. */
function spreadOf(s: LabelSpread, count: number, named: boolean): string {
  const v = s.values.map((x) => cut(x, MAX_VALUE_CHARS));
  const list = v.length <= 3 ? v.join(', ') : `${v[0]} … ${v[v.length - 1]}`;
  const distinct = v.length > 3 && v.length !== count ? ` (${v.length})` : '';
  return `${named ? `${cut(s.label, MAX_NAME_CHARS)}=` : ''}${list}${distinct}`;
}

/** Where a line's alerts are: the values of the label that varies, or of the two that vary most. */
function whereOf(l: SummaryLine): string {
  const [only] = l.varying;
  if (only && l.varying.length === 1) return ` on ${spreadOf(only, l.count, false)}`;
  if (l.varying.length > 1) {
    const shown = l.varying.slice(0, 2).map((s) => spreadOf(s, l.count, true));
    const more = l.varying.length > 2 ? `; +${l.varying.length - 2} more labels` : '';
    return ` on ${shown.join('; ')}${more}`;
  }
  const common = l.common.slice(0, 3).map(([k, v]) => `${cut(k, MAX_NAME_CHARS)}=${cut(v, MAX_VALUE_CHARS)}`);
  return common.length > 0 ? ` on ${common.join(', ')}` : '';
}

/** "300 × DiskFull", "280 × DiskFull resolved". */
export function phraseOf(l: SummaryLine): string {
  return `${l.count} × ${cut(l.alertname, MAX_NAME_CHARS)}${l.status === 'resolved' ? ' resolved' : ''}`;
}

/** One link to see the line's alerts (Alertmanager filtered by name while firing), plus the runbook. */
function linksOf(l: SummaryLine, links: TemplateLinks): Link[] {
  const a = l.sample;
  const am = l.externalURL.replace(/\/$/, '');
  const filter = encodeURIComponent(`{alertname="${l.alertname.replace(/["\\]/g, '\\$&')}"}`);
  const alertmanager = am ? { name: 'Alertmanager', url: `${am}/#/alerts?filter=${filter}` } : undefined;
  const dashboard = a.annotations.dashboard_url ?? a.annotations.grafana_url ?? links.grafanaUrl;
  const grafana = dashboard ? { name: 'Grafana', url: dashboard } : undefined;
  const source = a.generatorURL ? { name: 'Source', url: a.generatorURL } : undefined;
  const order = l.status === 'firing' ? [alertmanager, grafana, source] : [grafana, source, alertmanager];
  const usable = (url: string | undefined): url is string =>
    !!url && url.length <= MAX_URL_CHARS && /^https?:\/\/[^\s]+$/.test(url);
  const out = order.filter((x): x is Link => !!x && usable(x.url)).slice(0, 1);
  const runbook = a.annotations.runbook_url;
  if (usable(runbook)) out.push({ name: 'Runbook', url: runbook });
  return out;
}

function headOf(l: SummaryLine): string {
  return `${l.severities.length > 0 ? `[${l.severities.join(', ')}] ` : ''}${phraseOf(l)}`;
}

/** The first line of a summary without links, "+N more" for the others: a summary's `summary` for webhooks. */
export function summaryBrief(groups: readonly AlertGroup[]): string {
  const { lines } = summarize(groups);
  const [first] = lines;
  if (!first) return '';
  const more = lines.length > 1 ? ` (+${lines.length - 1} more)` : '';
  return `${headOf(first)}${whereOf(first)}${more}`;
}

function pieceOf(l: SummaryLine, links: TemplateLinks): Piece {
  const head = headOf(l);
  const where = whereOf(l);
  const ls = linksOf(l, links);
  const mdLinks = ls.map((x) => `[${x.name}](${x.url})`).join(' | ');
  return {
    text: `• ${head}${where}${ls.map((x) => `\n  ${x.name}: ${x.url}`).join('')}`,
    markdown: `- **${head}**${where}${mdLinks ? ` (${mdLinks})` : ''}`,
    html: `<li><strong>${escapeHtml(head)}</strong>${escapeHtml(where)}${ls
      .map((x) => ` — <a href="${escapeHtml(x.url)}">${escapeHtml(x.name)}</a>`)
      .join('')}</li>`,
  };
}

/** "[SUMMARY] 320 held back: 300 × DiskFull, 20 × HighCPU resolved": short enough for an SMS. */
function titleOf(s: StormSummary): string {
  const phrases = s.lines.map(phraseOf);
  let title = `[SUMMARY] ${s.notifications} held back: ${phrases[0] ?? 'no alerts'}`;
  let shown = 1;
  while (shown < phrases.length && title.length + (phrases[shown] as string).length + 14 <= MAX_TITLE_CHARS)
    title += `, ${phrases[shown++]}`;
  return shown < phrases.length ? `${title}, +${phrases.length - shown} more` : title;
}

const bytes = (p: Piece): Piece & { sizes: number[] } => ({
  ...p,
  sizes: [Buffer.byteLength(p.text), Buffer.byteLength(p.markdown), Buffer.byteLength(p.html)],
});

/**
 * One message for notifications held back by a rate limit: one line per alert name and status with
 * its count, severity, where the alerts are and a link. Lines that would pass SUMMARY_MAX_BYTES are
 * counted in a closing line instead, so the message has the same bounded size for 3 or 3000 alerts.
 */
export function renderSummary(groups: readonly AlertGroup[], links: TemplateLinks = {}): RenderedMessage {
  const s = summarize(groups);
  const title = titleOf(s);
  const alerts = s.alerts === s.notifications ? '' : ` (${s.alerts} alerts)`;
  const intro = `${s.notifications} notifications${alerts} held back by the rate limit, by alert name:`;
  const colour = s.lines.some((l) => l.status === 'firing') ? '#d63232' : '#2e9e44';
  const head = bytes({
    text: `${title}\n\n${intro}`,
    markdown: `### ${title}\n\n${intro}\n`,
    html: `<h3 style="color:${colour}">${escapeHtml(title)}</h3><p>${escapeHtml(intro)}</p><ul>`,
  });
  const limits = [SUMMARY_MAX_BYTES, SUMMARY_MAX_BYTES, 2 * SUMMARY_MAX_BYTES].map((n) => n - FOOTER_BYTES);
  const used = [...head.sizes];
  const shown: Piece[] = [];
  for (const l of s.lines) {
    const p = bytes(pieceOf(l, links));
    if (p.sizes.some((n, i) => (used[i] as number) + n + 1 > (limits[i] as number))) break;
    p.sizes.forEach((n, i) => (used[i] = (used[i] as number) + n + 1));
    shown.push(p);
  }
  const rest = s.lines.slice(shown.length);
  const footer = [
    rest.length > 0
      ? `… and ${rest.length} more alert names (${rest.reduce((n, l) => n + l.count, 0)} alerts)`
      : '',
    s.truncated > 0 ? `(+${s.truncated} alerts truncated by Alertmanager)` : '',
  ].filter((f) => f);
  return {
    title,
    text: [head.text, ...shown.map((p) => p.text), ...footer].join('\n'),
    markdown: [head.markdown, ...shown.map((p) => p.markdown), ...footer.map((f) => `\n${f}`)].join('\n'),
    html: `${head.html}${shown.map((p) => p.html).join('')}</ul>${footer.map((f) => `<p>${escapeHtml(f)}</p>`).join('')}`,
  };
}
