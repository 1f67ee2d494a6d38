import { DependencyError, type SeriesPoints } from '@streamwatch/metrics-core';
import axios from 'axios';
import type { RemoteWriteTarget } from '../ports';
import { encodeWriteRequest } from './remote-write.codec';

/** Sends series to a Prometheus remote-write 1.0 receiver; 4xx is final (not retriable), 5xx/network retriable. */
export class PrometheusRemoteWriter implements RemoteWriteTarget {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly userAgent = 'streamwatch-collector',
  ) {}

  async write(series: readonly SeriesPoints[]): Promise<void> {
    let status: number;
    let reason = '';
    try {
      const res = await axios.post<string>(this.url, encodeWriteRequest(series), {
        timeout: this.timeoutMs,
        responseType: 'text',
        validateStatus: () => true,
        maxRedirects: 0,
        headers: {
          'Content-Type': 'application/x-protobuf',
          'Content-Encoding': 'snappy',
          'X-Prometheus-Remote-Write-Version': '0.1.0',
          'User-Agent': this.userAgent,
        },
      });
      status = res.status;
      reason = String(res.data ?? '').slice(0, 300);
    } catch (err) {
      throw new DependencyError('prometheus', `remote write failed: ${(err as Error).message}`, {
        cause: err,
        retriable: true,
      });
    }
    if (status >= 200 && status < 300) return;
    const retriable = status >= 500 || status === 429;
    throw new DependencyError('prometheus', `remote write answered ${status}: ${reason.trim()}`, {
      retriable,
    });
  }
}
