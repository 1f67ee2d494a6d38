import { createServer } from 'node:http';

/** A tiny exporter: GET /metrics/<path> serves `bench_flag{alert="<id>"} <value>` for that path's series. */
export async function startExporter() {
  const series = new Map(); // path -> Map(alert id -> value)
  const server = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/metrics\//, '');
    const values = series.get(path) ?? new Map();
    const lines = [
      '# TYPE bench_flag gauge',
      ...[...values].map(([id, v]) => `bench_flag{alert="${id}"} ${v}`),
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    set(path, id, value) {
      if (!series.has(path)) series.set(path, new Map());
      series.get(path).set(id, value);
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}
