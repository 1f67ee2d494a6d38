import { formatDuration } from '../domain/duration';
import type { EffectiveState } from '../domain/dependencies';
import type { TargetStatus } from '../domain/status-board';
import type { SystemHealth } from '../domain/system-health';
import { escapeHtml as esc, formatUtc } from './html';
import { STATUS_PAGE_CSS } from './status-page.css';

export interface StatusPageOptions {
  nowMs: number;
  refreshSeconds: number;
  title?: string;
}

const STATE_LABEL: Record<EffectiveState, string> = {
  up: 'Up',
  down: 'Down',
  blocked: 'Blocked',
  unknown: 'Pending',
};
const STATE_ORDER: Record<EffectiveState, number> = { down: 0, blocked: 1, unknown: 2, up: 3 };
const OVERALL_LABEL = { pass: 'All systems operational', warn: 'Degraded', fail: 'Outage' } as const;

function historyStrip(t: TargetStatus): string {
  const items = t.history
    .map((r) => {
      const label = `${formatUtc(r.startedAtMs)}: ${r.success ? 'ok' : `failed: ${r.error ?? r.reason ?? ''}`} (${Math.round(r.durationSeconds * 1000)} ms)`;
      return `<li class="${r.success ? 'ok' : 'fail'}" title="${esc(label)}"></li>`;
    })
    .join('');
  return `<ol class="history" aria-label="last ${t.history.length} results">${items}</ol>`;
}

function detail(t: TargetStatus): string {
  if (t.state === 'blocked')
    return `<p class="detail blocked-by">Blocked by ${esc(t.blockedBy.join(', '))}</p>`;
  if ((t.state === 'down' || t.lastResult?.success === false) && t.lastError)
    return `<p class="detail error">Last error: ${esc(t.lastError.message)}</p>`;
  return '';
}

function card(t: TargetStatus, nowMs: number): string {
  const latency = t.lastResult ? `${Math.round(t.lastResult.durationSeconds * 1000)} ms` : '–';
  return `<li class="target state-${t.state}" data-target="${esc(t.name)}" data-state="${t.state}">
<div class="row"><span class="name">${esc(t.name)}<span class="type">${esc(t.type)}</span></span><span class="badge">${STATE_LABEL[t.state]}</span></div>
<div class="meta"><span>since ${esc(formatUtc(t.sinceMs))} (${esc(formatDuration(nowMs - t.sinceMs))})</span><span>latency ${latency}</span></div>
${detail(t)}${historyStrip(t)}</li>`;
}

/** Server-rendered status page: overall verdict, its explanation, then one card per target (worst first). */
export function renderStatusPage(
  targets: readonly TargetStatus[],
  health: SystemHealth,
  opts: StatusPageOptions,
): string {
  const title = opts.title ?? 'Streamwatch status';
  const sorted = [...targets].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${opts.refreshSeconds}">
<title>${esc(title)}</title><style>${STATUS_PAGE_CSS}</style></head>
<body><header><h1>${esc(title)}</h1>
<p class="overall overall-${health.status}" data-overall="${health.status}">${OVERALL_LABEL[health.status]}</p>
<p class="explain">${esc(health.output)}</p>
<p class="updated">Updated ${esc(formatUtc(opts.nowMs))}</p></header>
<main><ul class="targets">
${sorted.map((t) => card(t, opts.nowMs)).join('\n')}
</ul></main></body></html>`;
}
