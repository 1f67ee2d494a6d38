import { STACK } from './stack';

/** A mail as the stack's SMTP sink (deploy/native/stack/smtp-sink.js) stored it. */
export interface Mail {
  id: string;
  to: string;
  subject: string;
  /** When the SMTP sink stored it (its file names start with Date.now()). */
  receivedAtMs: number;
  /** The raw message with quoted-printable soft breaks and escapes decoded. */
  text: string;
}

const bodies = new Map<string, string>();

function decodeQuotedPrintable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  const bytes = Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** Every mail the sink holds, newest first, bodies fetched once. */
export async function listMails(): Promise<Mail[]> {
  const res = await fetch(`${STACK.mail}/api/messages`, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`SMTP sink ${STACK.mail}/api/messages: ${res.status}`);
  const list = (await res.json()) as Array<{ id: string; to: string; subject: string }>;
  const out: Mail[] = [];
  for (const m of list) {
    let text = bodies.get(m.id);
    if (text === undefined) {
      const body = await fetch(`${STACK.mail}/messages/${m.id}`, { signal: AbortSignal.timeout(5000) });
      text = decodeQuotedPrintable(await body.text());
      bodies.set(m.id, text);
    }
    out.push({ ...m, receivedAtMs: Number(m.id.split('-')[0]), text });
  }
  return out;
}

export async function findMail(match: (m: Mail) => boolean): Promise<Mail | undefined> {
  return (await listMails()).find(match);
}

export async function mailSummary(): Promise<string> {
  try {
    const list = (await listMails()).slice(0, 10);
    return `---- SMTP sink, newest ${list.length} mail(s)\n${list.map((m) => `  ${new Date(m.receivedAtMs).toISOString()} ${m.to} ${m.subject}`).join('\n')}`;
  } catch (err) {
    return `---- SMTP sink unreadable: ${(err as Error).message}`;
  }
}
