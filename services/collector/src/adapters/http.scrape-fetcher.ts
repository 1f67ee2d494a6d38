import axios from 'axios';
import type { ScrapeFetcher, ScrapeResponse } from '../ports';

/** Fetches exposition pages with axios (gzip handled), bounded in time and size. */
export class HttpScrapeFetcher implements ScrapeFetcher {
  constructor(private readonly maxBodyBytes: number) {}

  async fetch(url: string, opts: { timeoutMs: number; accept: string }): Promise<ScrapeResponse> {
    const res = await axios.get<string>(url, {
      timeout: opts.timeoutMs,
      responseType: 'text',
      transformResponse: (data: string) => data,
      maxContentLength: this.maxBodyBytes,
      maxRedirects: 0,
      validateStatus: () => true,
      headers: { Accept: opts.accept, 'X-Prometheus-Scrape-Timeout-Seconds': String(opts.timeoutMs / 1000) },
    });
    return { status: res.status, contentType: String(res.headers['content-type'] ?? ''), body: res.data };
  }
}
