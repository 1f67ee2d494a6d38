import { dingtalkSign } from '../domain/signing';
import { truncateUtf8 } from '../domain/templates';
import type { Clock, HttpClient } from '../ports';
import type { ChannelSender } from './channel';
import { errcodeInspector, postJson } from './http-send';

/** DingTalk's "send too fast" answer. */
const RATE_LIMIT_CODES = [130101, 660026];

export function signedDingtalkUrl(url: string, secret: string | undefined, nowMs: number): string {
  if (!secret) return url;
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}timestamp=${nowMs}&sign=${dingtalkSign(secret, nowMs)}`;
}

/** DingTalk robot: markdown message, HMAC-signed URL, failures as HTTP 200 with errcode != 0. */
export function dingtalkChannel(
  cfg: { url: string; secret?: string },
  http: HttpClient,
  clock: Clock,
): ChannelSender {
  return {
    send: (m, timeoutMs) =>
      postJson(
        http,
        clock,
        {
          url: signedDingtalkUrl(cfg.url, cfg.secret, clock.now()),
          body: {
            msgtype: 'markdown',
            markdown: { title: m.rendered.title, text: truncateUtf8(m.rendered.markdown, 18_000) },
          },
          inspect: errcodeInspector(RATE_LIMIT_CODES),
        },
        timeoutMs,
      ),
  };
}
