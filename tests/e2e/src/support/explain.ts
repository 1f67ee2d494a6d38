import { mailSummary } from './mail';
import { getJson, logTails, STACK } from './stack';
import type { WebhookSink } from './webhook-sink';

interface AmAlert {
  labels: Record<string, string>;
  startsAt: string;
  updatedAt: string;
  status: { state: string };
  receivers: Array<{ name: string }>;
}

/** Alertmanager's view of the alerts named `alertname`: shows whether the alert reached it and where it routed. */
export async function alertmanagerSummary(alertname: string): Promise<string> {
  try {
    const url = `${STACK.alertmanager}/api/v2/alerts?filter=${encodeURIComponent(`alertname="${alertname}"`)}`;
    const alerts = await getJson<AmAlert[]>(url);
    const lines = alerts.map(
      (a) =>
        `  ${a.status.state} since ${a.startsAt} -> ${a.receivers.map((r) => r.name).join(',')} ${JSON.stringify(a.labels)}`,
    );
    return `---- Alertmanager holds ${alerts.length} ${alertname} alert(s)\n${lines.join('\n')}`;
  } catch (err) {
    return `---- Alertmanager unreadable: ${(err as Error).message}`;
  }
}

/** What a failed wait prints: what each hop saw, then the tails of the logs of the hops involved. */
export function explainer(
  sink: WebhookSink,
  alertname: string,
  logs: readonly string[],
  extra?: () => Promise<string>,
) {
  return async (): Promise<string> =>
    [
      sink.summary(),
      await mailSummary(),
      await alertmanagerSummary(alertname),
      extra ? await extra() : '',
      logTails(logs),
    ]
      .filter(Boolean)
      .join('\n');
}
