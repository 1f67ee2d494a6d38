import http from 'node:http';
import https from 'node:https';
import { HttpTransportError, type HttpClient, type HttpResponse } from '../ports';

const MAX_BODY_BYTES = 1_000_000;

function headersOf(res: http.IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(res.headers)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * Outbound HTTP for channels on node:http directly (a per-send cost well below axios's, which matters at
 * hundreds of sends a second). Never follows redirects (a 3xx is returned and treated as a final failure),
 * keeps connections alive, caps the answer at 1 MB, and reports a missing answer as a timeout or network error.
 */
export class NodeHttpClient implements HttpClient {
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(opts: { maxSockets?: number } = {}) {
    const maxSockets = opts.maxSockets ?? 64;
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets }),
      https: new https.Agent({ keepAlive: true, maxSockets }),
    };
  }

  post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const payload = Buffer.from(body);
      let timedOut = false;
      const failed = (err: Error): void => {
        clearTimeout(timer);
        const message = timedOut
          ? `ETIMEDOUT: no answer within ${timeoutMs} ms`
          : `${(err as NodeJS.ErrnoException).code ?? 'error'}: ${err.message}`;
        reject(new HttpTransportError(timedOut ? 'timeout' : 'network', message.slice(0, 300)));
      };
      const req = (secure ? https : http).request(
        target,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: { ...headers, 'content-length': String(payload.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) req.destroy(new Error('answer larger than 1 MB'));
            else chunks.push(c);
          });
          res.on('error', failed);
          res.on('end', () => {
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              headers: headersOf(res),
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      const timer = setTimeout(() => {
        timedOut = true;
        req.destroy(new Error('timeout'));
      }, timeoutMs);
      req.on('error', failed);
      req.end(payload);
    });
  }
}
