import axios, { type AxiosInstance } from 'axios';
import type { Logger } from 'pino';
import type { AlertSink, PostableAlert, SendOutcome } from '../ports';

export interface AlertmanagerClientOptions {
  urls: string[];
  timeoutMs?: number;
  /** Alerts per POST; Prometheus sends up to 64 per batch by default. */
  batchSize?: number;
  logger: Logger;
}

/** Posts alerts to every configured Alertmanager's `POST /api/v2/alerts`, in batches. */
export class AlertmanagerClient implements AlertSink {
  private readonly http: AxiosInstance;
  private readonly log: Logger;

  constructor(private readonly opts: AlertmanagerClientOptions) {
    this.http = axios.create({
      timeout: opts.timeoutMs ?? 5000,
      headers: { 'Content-Type': 'application/json' },
    });
    this.log = opts.logger.child({ component: 'alertmanager-client' });
  }

  async send(alerts: PostableAlert[]): Promise<SendOutcome[]> {
    if (alerts.length === 0 || this.opts.urls.length === 0) return [];
    const size = this.opts.batchSize ?? 64;
    const outcomes: SendOutcome[] = [];
    for (const base of this.opts.urls) {
      const url = `${base.replace(/\/+$/, '')}/api/v2/alerts`;
      for (let i = 0; i < alerts.length; i += size)
        outcomes.push(await this.post(url, alerts.slice(i, i + size)));
    }
    return outcomes;
  }

  private async post(url: string, batch: PostableAlert[]): Promise<SendOutcome> {
    try {
      await this.http.post(url, batch);
      return 'success';
    } catch (err) {
      this.log.warn({ url, alerts: batch.length, err: (err as Error).message }, 'posting alerts failed');
      return 'failure';
    }
  }
}
