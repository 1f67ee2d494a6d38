import { createServer, type Server } from 'node:http';

/** One alert inside the notifier's generic webhook payload (channels/webhook.ts: groups[].alerts[]). */
export interface HookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

/** The notifier's default webhook body: rendered texts plus the Alertmanager groups. */
export interface HookPayload {
  title: string;
  status: 'firing' | 'resolved';
  receiver: string;
  alertname: string;
  severity: string;
  groups: Array<{ alerts: HookAlert[] }>;
}

export interface Received {
  atMs: number;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  payload: HookPayload;
}

/** A real HTTP server standing in for a webhook destination; records every POST with its arrival time. */
export class WebhookSink {
  readonly received: Received[] = [];
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => {
      const atMs = Date.now();
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as HookPayload;
          this.received.push({ atMs, path: req.url ?? '', headers: req.headers, payload });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        } catch {
          res.writeHead(400).end('not JSON');
        }
      });
    });
  }

  static start(port: number): Promise<WebhookSink> {
    const sink = new WebhookSink();
    return new Promise((resolve, reject) => {
      sink.server.once('error', (err) =>
        reject(new Error(`webhook sink cannot listen on 127.0.0.1:${port}: ${err.message}`)),
      );
      sink.server.listen(port, '127.0.0.1', () => resolve(sink));
    });
  }

  /** The first notification carrying an alert that matches, with that alert. */
  find(
    match: (alert: HookAlert, payload: HookPayload) => boolean,
  ): { received: Received; alert: HookAlert } | undefined {
    for (const received of this.received)
      for (const group of received.payload.groups ?? [])
        for (const alert of group.alerts ?? [])
          if (match(alert, received.payload)) return { received, alert };
    return undefined;
  }

  summary(): string {
    const lines = this.received.map((r) => `  ${new Date(r.atMs).toISOString()} ${r.payload.title}`);
    return `---- webhook sink received ${this.received.length} notification(s)\n${lines.slice(-15).join('\n')}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
