import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance } from 'axios';
import { HttpTransportError, type HttpClient, type HttpResponse } from '../ports';

/**
 * Outbound HTTP for channels: never follows redirects (a 3xx is returned and treated as a final failure),
 * keeps connections alive, and reports a missing answer as a timeout or network error.
 */
export class AxiosHttpClient implements HttpClient {
  private readonly client: AxiosInstance;

  constructor(opts: { maxSockets?: number } = {}) {
    const maxSockets = opts.maxSockets ?? 64;
    this.client = axios.create({
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'text',
      transformResponse: (d: unknown) => d,
      maxContentLength: 1_000_000,
      httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
      httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
      proxy: false,
    });
  }

  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<HttpResponse> {
    try {
      const res = await this.client.post<string>(url, body, { headers, timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs + 50) });
      const out: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(res.headers)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v == null ? undefined : String(v);
      return { status: res.status, headers: out, body: typeof res.data === 'string' ? res.data : '' };
    } catch (err) {
      const e = err as AxiosError;
      const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || e.code === 'ERR_CANCELED';
      throw new HttpTransportError(timedOut ? 'timeout' : 'network', `${e.code ?? 'error'}: ${e.message}`.slice(0, 300));
    }
  }
}
