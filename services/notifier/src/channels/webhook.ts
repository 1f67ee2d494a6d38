import { fillTemplate } from '../domain/body-template';
import { summaryBrief } from '../domain/summary';
import { webhookSignature } from '../domain/signing';
import type { Clock, HttpClient } from '../ports';
import type { ChannelSender, OutgoingMessage } from './channel';
import { postJson, serialize } from './http-send';

export interface WebhookConfig {
  url: string;
  secret?: string;
  signature_header: string;
  headers: Record<string, string>;
  body_template?: unknown;
}

export const IDEMPOTENCY_HEADER = 'X-Streamwatch-Idempotency-Key';
/** A summary's body carries this many of the notifications it folds; `groups_omitted` counts the rest. */
export const SUMMARY_MAX_GROUPS = 10;

export function webhookVars(m: OutgoingMessage): Record<string, unknown> {
  const first = m.groups[0];
  const alert = first?.alerts[0];
  return {
    title: m.rendered.title,
    text: m.rendered.text,
    markdown: m.rendered.markdown,
    status: m.status,
    receiver: m.receiver,
    idempotency_key: m.idempotencyKey,
    folded: m.folded,
    alert_count: m.groups.reduce((n, g) => n + g.alerts.length, 0),
    alertname: first?.commonLabels.alertname ?? alert?.labels.alertname ?? '',
    severity: first?.commonLabels.severity ?? alert?.labels.severity ?? '',
    summary: m.folded ? summaryBrief(m.groups) : (alert?.annotations.summary ?? ''),
    groups: m.folded ? m.groups.slice(0, SUMMARY_MAX_GROUPS) : m.groups,
    ...(m.folded ? { groups_omitted: Math.max(0, m.groups.length - SUMMARY_MAX_GROUPS) } : {}),
  };
}

export function webhookBody(cfg: Pick<WebhookConfig, 'body_template'>, m: OutgoingMessage): string {
  const vars = webhookVars(m);
  if (cfg.body_template !== undefined) return serialize(fillTemplate(cfg.body_template, vars));
  const { groups, ...rest } = vars;
  return serialize({ ...rest, groups });
}

/** Generic webhook: templated JSON, idempotency key header, optional `sha256=` HMAC of "<ts>.<body>". */
export function webhookChannel(cfg: WebhookConfig, http: HttpClient, clock: Clock): ChannelSender {
  return {
    send: (m, timeoutMs) => {
      const body = webhookBody(cfg, m);
      const headers: Record<string, string> = {
        ...cfg.headers,
        [IDEMPOTENCY_HEADER]: m.idempotencyKey,
        'Idempotency-Key': m.idempotencyKey,
      };
      if (cfg.secret) {
        const ts = Math.floor(clock.now() / 1000);
        headers['X-Streamwatch-Timestamp'] = String(ts);
        headers[cfg.signature_header] = webhookSignature(cfg.secret, ts, body);
      }
      return postJson(http, clock, { url: cfg.url, body, headers }, timeoutMs);
    },
  };
}
