import { delivered, failed } from '../domain/outcome';
import { MailError, type Mailer } from '../ports';
import type { ChannelSender } from './channel';
import { IDEMPOTENCY_HEADER } from './webhook';

/** Email over SMTP: HTML and plain text; the Message-ID is derived from the idempotency key. */
export function emailChannel(
  cfg: { to: string[]; from?: string },
  mailer: Mailer,
  defaultFrom: string,
): ChannelSender {
  return {
    send: async (m, timeoutMs) => {
      try {
        const { response } = await mailer.send(
          {
            from: cfg.from ?? defaultFrom,
            to: cfg.to,
            subject: m.rendered.title,
            text: m.rendered.text,
            html: m.rendered.html,
            messageId: `<${m.idempotencyKey}@streamwatch.notifier>`,
            headers: { [IDEMPOTENCY_HEADER]: m.idempotencyKey },
          },
          timeoutMs,
        );
        return delivered({ response: response.slice(0, 1000) });
      } catch (err) {
        if (err instanceof MailError)
          return failed(err.retriable ? 'server_error' : 'client_error', err.retriable, {
            providerStatus: err.responseCode,
            response: err.message,
          });
        return failed('internal', true, { response: (err as Error).message });
      }
    },
  };
}
