import type { Clock, HttpClient } from '../ports';
import type { ChannelSender } from './channel';
import { postJson } from './http-send';

/** Slack incoming webhook: `{ text }`; 429 carries Retry-After, other errors are 4xx with a reason body. */
export function slackChannel(cfg: { url: string }, http: HttpClient, clock: Clock): ChannelSender {
  return {
    send: (m, timeoutMs) =>
      postJson(http, clock, { url: cfg.url, body: { text: m.rendered.text.slice(0, 39_000) } }, timeoutMs),
  };
}
