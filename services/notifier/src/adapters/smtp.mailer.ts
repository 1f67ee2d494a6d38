import nodemailer, { type Transporter } from 'nodemailer';
import { MailError, type MailMessage, type Mailer } from '../ports';

interface SmtpFailure {
  responseCode?: number;
  code?: string;
  message: string;
}

/** nodemailer SMTP transport; an SMTP 5xx answer is final, 4xx and connection failures are retried. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, opts: { timeoutMs: number; tlsRejectUnauthorized: boolean }) {
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: opts.timeoutMs,
      greetingTimeout: opts.timeoutMs,
      socketTimeout: opts.timeoutMs,
      tls: { rejectUnauthorized: opts.tlsRejectUnauthorized },
      logger: false,
    } as object);
  }

  async send(m: MailMessage): Promise<{ response: string }> {
    try {
      const info = (await this.transport.sendMail({
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        headers: m.headers,
      })) as { response?: string };
      return { response: info.response ?? 'ok' };
    } catch (err) {
      const e = err as SmtpFailure;
      const code = e.responseCode;
      throw new MailError(
        `${e.code ?? 'SMTP'}: ${e.message}`.slice(0, 500),
        code === undefined || code < 500,
        code,
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
