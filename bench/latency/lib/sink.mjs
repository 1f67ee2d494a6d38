import { createServer } from 'node:http';

/**
 * One HTTP server for every path's webhook: records (path, arrival time, JSON body) and tells waiters.
 * Alertmanager posts its payload (alerts[].labels); the notifier's webhook channel posts groups[].alerts[].
 */
export async function startSink() {
  const received = [];
  const waiters = new Set();
  const server = createServer((req, res) => {
    const atMs = Date.now();
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return;
      }
      const alerts = body.alerts ?? (body.groups ?? []).flatMap((g) => g.alerts ?? []);
      const entry = { path: req.url, atMs, status: body.status, alerts };
      received.push(entry);
      for (const w of waiters) w(entry);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    received,
    /** Arrival time of the first firing notification on `path` whose alert has label `key`=`value`. */
    firstFiring(path, key, value) {
      for (const e of received)
        if (e.path === path && e.alerts.some((a) => a.status === 'firing' && a.labels?.[key] === value))
          return e.atMs;
      return undefined;
    },
    onReceive(fn) {
      waiters.add(fn);
      return () => waiters.delete(fn);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
