import { freePort } from '@streamwatch/test-support';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  /** The Subject header, RFC 2047 encoded words decoded. */
  subject: string;
  /** The text/plain part, transfer encoding decoded. */
  text: string;
  raw: string;
}

export interface SmtpSink {
  url: string;
  mails: ReceivedMail[];
  close: () => Promise<void>;
}

function decodeQuotedPrintable(s: string, underscoreIsSpace = false): string {
  const soft = s.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (underscoreIsSpace && soft[i] === '_') bytes.push(0x20);
    else bytes.push(...Buffer.from(soft[i] as string, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s/g, ''), 'base64').toString('utf8');
  return body;
}

function header(headers: string, name: string): string {
  const unfolded = headers.replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'im').exec(unfolded)?.[1] ?? '';
}

function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text, true),
    );
}

/** Parses what nodemailer sends: a multipart message with a text/plain part (or a single text part). */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const [headers = ''] = raw.split('\r\n\r\n', 1);
  const parts = raw.split(/\r\n--[^\r\n]+\r\n/).map((p) => {
    const at = p.indexOf('\r\n\r\n');
    return { headers: p.slice(0, at), body: p.slice(at + 4) };
  });
  const plain = parts.find((p) => /^content-type: text\/plain/im.test(p.headers));
  const text = plain
    ? decodeBody(
        plain.body.replace(/\r\n--[^\r\n]*--\r\n?$/, ''),
        header(plain.headers, 'Content-Transfer-Encoding'),
      )
    : '';
  return { to, subject: decodeWords(header(headers, 'Subject')), text: text.replace(/\r\n/g, '\n'), raw };
}

/** A real SMTP server on loopback (smtp-server) that keeps every mail it accepts. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString()));
      stream.on('end', () => {
        mails.push(
          parseMail(
            raw,
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        cb();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((r) => server.close(r)),
  };
}
