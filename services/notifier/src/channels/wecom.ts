import { truncateUtf8 } from '../domain/templates';
import type { Clock, HttpClient } from '../ports';
import type { ChannelSender } from './channel';
import { errcodeInspector, postJson } from './http-send';

export const WECOM_MAX_BYTES = 4096;
/** WeCom's "api freq out of limit". */
const RATE_LIMIT_CODES = [45009];

/** WeCom group robot: markdown content of at most 4096 bytes; failures as errcode != 0. */
export function wecomChannel(cfg: { url: string }, http: HttpClient, clock: Clock): ChannelSender {
  return {
    send: (m, timeoutMs) =>
      postJson(
        http,
        clock,
        {
          url: cfg.url,
          body: {
            msgtype: 'markdown',
            markdown: { content: truncateUtf8(m.rendered.markdown, WECOM_MAX_BYTES) },
          },
          inspect: errcodeInspector(RATE_LIMIT_CODES),
        },
        timeoutMs,
      ),
  };
}
