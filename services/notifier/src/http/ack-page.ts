import type { Response } from 'express';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}' +
  'button{font-size:1.1rem;padding:.5rem 1.5rem}code{word-break:break-all}';

/**
 * Sends a small HTML page. The link carries its signature in the URL, so the page is never cached,
 * indexed or passed on as a referrer, and it loads nothing and posts only to its own origin.
 */
export function sendPage(res: Response, status: number, title: string, bodyHtml: string): void {
  res
    .status(status)
    .set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex, nofollow',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .type('html')
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
        `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
        `<body><h1>${escapeHtml(title)}</h1>${bodyHtml}</body></html>`,
    );
}

export interface SignedAck {
  fp: string;
  exp: number;
  sig: string;
}

/**
 * The page the "Acknowledge" link opens: it changes nothing (mail scanners and chat previews open
 * links), and its form posts the same signed parameters to acknowledge.
 */
export function confirmPage(q: SignedAck): string {
  const hidden = (name: string, value: string) =>
    `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  return (
    `<p>Acknowledge alert <code>${escapeHtml(q.fp)}</code>? This stops its open escalations.</p>` +
    `<form method="post" action="ack">${hidden('fp', q.fp)}${hidden('exp', String(q.exp))}${hidden('sig', q.sig)}` +
    `<p><label>Your name (optional) <input name="by" maxlength="100" autocomplete="name"></label></p>` +
    `<p><button type="submit">Acknowledge</button></p></form>` +
    `<p><small>Link valid until ${escapeHtml(new Date(q.exp * 1000).toISOString())}.</small></p>`
  );
}

export function doneHtml(fp: string, stopped: number): string {
  return `<p>Acknowledged alert <code>${escapeHtml(fp)}</code>: ${stopped} escalation(s) stopped.</p>`;
}
