import { feishuSign } from '../domain/signing';
import { truncateUtf8 } from '../domain/templates';
import type { Clock, HttpClient } from '../ports';
import type { ChannelSender } from './channel';
import { errcodeInspector, postJson } from './http-send';

/** Feishu's "request frequency limited". */
const RATE_LIMIT_CODES = [11232, 9499];

export function feishuBody(
  title: string,
  markdown: string,
  firing: boolean,
  secret: string | undefined,
  nowMs: number,
): Record<string, unknown> {
  const card = {
    header: { title: { tag: 'plain_text', content: title }, template: firing ? 'red' : 'green' },
    elements: [{ tag: 'div', text: { tag: 'lark_md', content: truncateUtf8(markdown, 20_000) } }],
  };
  if (!secret) return { msg_type: 'interactive', card };
  const ts = Math.floor(nowMs / 1000);
  return { timestamp: String(ts), sign: feishuSign(secret, ts), msg_type: 'interactive', card };
}

/** Feishu/Lark custom bot: interactive card, optional signature, failures as a non-zero `code`. */
export function feishuChannel(
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
          url: cfg.url,
          body: feishuBody(
            m.rendered.title,
            m.rendered.markdown,
            m.status === 'firing',
            cfg.secret,
            clock.now(),
          ),
          inspect: errcodeInspector(RATE_LIMIT_CODES),
        },
        timeoutMs,
      ),
  };
}
