import { isZeroTime, type Alert, type AlertGroup } from './alert-group';
import { noticeText } from './notice';

export interface TemplateLinks {
  grafanaUrl?: string;
  /** Returns a signed acknowledge link for a firing alert, when acknowledgement is enabled. */
  ackLink?: (alert: Alert) => string | undefined;
}

export interface RenderedMessage {
  title: string;
  text: string;
  markdown: string;
  html: string;
}

interface AlertView {
  alert: Alert;
  severity: string;
  summary: string;
  description: string;
  labels: string;
  links: Array<{ name: string; url: string }>;
}

const SKIP_LABELS = new Set(['alertname', 'severity']);

function viewOf(alert: Alert, group: AlertGroup, links: TemplateLinks): AlertView {
  const out: Array<{ name: string; url: string }> = [];
  if (alert.generatorURL) out.push({ name: 'Source', url: alert.generatorURL });
  const dashboard = alert.annotations.dashboard_url ?? alert.annotations.grafana_url ?? links.grafanaUrl;
  if (dashboard) out.push({ name: 'Grafana', url: dashboard });
  if (group.externalURL)
    out.push({ name: 'Alertmanager', url: `${group.externalURL.replace(/\/$/, '')}/#/alerts` });
  if (alert.annotations.runbook_url) out.push({ name: 'Runbook', url: alert.annotations.runbook_url });
  const ack = alert.status === 'firing' ? links.ackLink?.(alert) : undefined;
  if (ack) out.push({ name: 'Acknowledge', url: ack });
  return {
    alert,
    severity: alert.labels.severity ?? 'none',
    summary: alert.annotations.summary ?? alert.annotations.message ?? alert.labels.alertname ?? 'alert',
    description: alert.annotations.description ?? '',
    labels: Object.entries(alert.labels)
      .filter(([k]) => !SKIP_LABELS.has(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(', '),
    links: out,
  };
}

export function titleOf(group: AlertGroup): string {
  const name = group.commonLabels.alertname ?? group.groupLabels.alertname ?? 'alerts';
  const severity = group.commonLabels.severity ? ` (${group.commonLabels.severity})` : '';
  const count = group.status === 'firing' ? `:${group.alerts.length}` : '';
  return `[${group.status.toUpperCase()}${count}] ${name}${severity}`;
}

function timesOf(a: Alert): string {
  return isZeroTime(a.endsAt) || a.status === 'firing'
    ? `since ${a.startsAt}`
    : `${a.startsAt} → ${a.endsAt}`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function plain(v: AlertView): string {
  const lines = [`• [${v.severity}] ${v.summary}`];
  if (v.description) lines.push(`  ${v.description}`);
  if (v.labels) lines.push(`  labels: ${v.labels}`);
  lines.push(`  ${timesOf(v.alert)}`);
  for (const l of v.links) lines.push(`  ${l.name}: ${l.url}`);
  return lines.join('\n');
}

function md(v: AlertView): string {
  const lines = [`**[${v.severity}] ${v.summary}**`];
  if (v.description) lines.push(`> ${v.description}`);
  if (v.labels) lines.push(`- labels: \`${v.labels}\``);
  lines.push(`- ${timesOf(v.alert)}`);
  if (v.links.length > 0) lines.push(`- ${v.links.map((l) => `[${l.name}](${l.url})`).join(' | ')}`);
  return lines.join('\n');
}

function html(v: AlertView): string {
  const links = v.links.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.name)}</a>`).join(' | ');
  return [
    `<li><strong>[${escapeHtml(v.severity)}] ${escapeHtml(v.summary)}</strong>`,
    v.description ? `<p>${escapeHtml(v.description)}</p>` : '',
    v.labels ? `<p><code>${escapeHtml(v.labels)}</code></p>` : '',
    `<p>${escapeHtml(timesOf(v.alert))}</p>`,
    links ? `<p>${links}</p>` : '',
    '</li>',
  ].join('');
}

/**
 * Default templates: one block per alert, firing and resolved told apart in the title and colour. A
 * reminder, an escalation step or an inferred end time is said first (tag in the title, then a line).
 */
export function renderGroup(group: AlertGroup, links: TemplateLinks = {}): RenderedMessage {
  const views = group.alerts.map((a) => viewOf(a, group, links));
  const notice = noticeText(group);
  const title = notice?.tag ? `${notice.tag} ${titleOf(group)}` : titleOf(group);
  const more =
    group.truncatedAlerts > 0 ? `\n(${group.truncatedAlerts} more alerts truncated by Alertmanager)` : '';
  const colour = group.status === 'firing' ? '#d63232' : '#2e9e44';
  const lead = notice ? `${notice.line}\n\n` : '';
  return {
    title,
    text: `${title}\n\n${lead}${views.map(plain).join('\n\n')}${more}`,
    markdown: `### ${title}\n\n${notice ? `**${notice.line}**\n\n` : ''}${views.map(md).join('\n\n')}${more}`,
    html: `<h3 style="color:${colour}">${escapeHtml(title)}</h3>${notice ? `<p><strong>${escapeHtml(notice.line)}</strong></p>` : ''}<ul>${views.map(html).join('')}</ul>${escapeHtml(more)}`,
  };
}

/** Cuts a string to at most `maxBytes` of UTF-8 without splitting a character, marking the cut. */
export function truncateUtf8(s: string, maxBytes: number, marker = '\n…(truncated)'): string {
  if (Buffer.byteLength(s) <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength(marker);
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  return out + marker;
}
