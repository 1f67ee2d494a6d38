#!/usr/bin/env node
'use strict';
// Native stand-in for Mailpit: accepts every mail over SMTP, stores it as
// <dir>/<time>-<n>.eml, and lists the mails (newest first) on a small web
// page and as JSON (/api/messages). Usage: smtp-sink.js <dir> <smtp-port> <http-port>
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { resolvePackage } = require('./resolve');

const { SMTPServer } = resolvePackage('smtp-server', ['services/notifier']);
const [dir, smtpPort = '1025', httpPort = '8025'] = process.argv.slice(2);
const HOST = '127.0.0.1';
fs.mkdirSync(dir, { recursive: true });
let n = 0;

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  size: 10 * 1024 * 1024,
  onData(stream, session, done) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => {
      const file = path.join(dir, `${Date.now()}-${++n}.eml`);
      fs.writeFile(file, Buffer.concat(chunks), (err) => done(err ?? undefined));
    });
  },
});

function messages() {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .reverse()
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const header = (h) => (new RegExp(`^${h}:\\s*(.*)$`, 'mi').exec(text) ?? [])[1] ?? '';
      return {
        id: f,
        date: header('Date'),
        from: header('From'),
        to: header('To'),
        subject: header('Subject'),
      };
    });
}

const html = (s) =>
  String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const web = http.createServer((req, res) => {
  if (req.url === '/api/messages')
    return res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(messages()));
  const m = /^\/messages\/([\w.-]+\.eml)$/.exec(req.url ?? '');
  if (m && fs.existsSync(path.join(dir, m[1])))
    return res
      .writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end(fs.readFileSync(path.join(dir, m[1])));
  if (req.url !== '/') return res.writeHead(404).end();
  const rows = messages().map(
    (x) =>
      `<tr><td>${html(x.date)}</td><td>${html(x.to)}</td><td><a href="/messages/${x.id}">${html(x.subject)}</a></td></tr>`,
  );
  res
    .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    .end(
      `<!doctype html><meta name=viewport content="width=device-width"><title>Streamwatch mail</title><h1>Mail received (${rows.length})</h1><table border=1 cellpadding=4><tr><th>Date</th><th>To</th><th>Subject</th></tr>${rows.join('')}</table>`,
    );
});

smtp.listen(Number(smtpPort), HOST, () => console.log(`smtp sink on ${HOST}:${smtpPort}, mails in ${dir}`));
web.listen(Number(httpPort), HOST, () => console.log(`mail list on http://${HOST}:${httpPort}/`));
for (const s of ['SIGTERM', 'SIGINT'])
  process.on(s, () => smtp.close(() => web.close(() => process.exit(0))));
