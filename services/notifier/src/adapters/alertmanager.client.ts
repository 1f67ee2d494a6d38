import axios from 'axios';

/**
 * Alertmanager API v2: fingerprints of alerts still active, including silenced, inhibited and unprocessed
 * ones (a resolved alert is not listed), so a silence alone never counts as a resolution.
 */
export class AlertmanagerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  async activeFingerprints(): Promise<Set<string>> {
    const res = await axios.get<Array<{ fingerprint: string }>>(
      `${this.baseUrl.replace(/\/$/, '')}/api/v2/alerts`,
      {
        params: { active: true, silenced: true, inhibited: true, unprocessed: true },
        timeout: this.timeoutMs,
        maxRedirects: 0,
        proxy: false,
      },
    );
    return new Set(res.data.map((a) => a.fingerprint));
  }
}
