import type { Alert, AlertGroup, AlertStatus } from './alert-group';

/** How the values of one label spread over the alerts of a summary line. */
export interface LabelSpread {
  label: string;
  /** Distinct values in natural order ("node-2" before "node-10"). */
  values: string[];
}

/** The alerts of one name and status among the notifications a summary folds. */
export interface SummaryLine {
  alertname: string;
  status: AlertStatus;
  /** Distinct alerts (by fingerprint): an alert repeated in several notifications counts once. */
  count: number;
  severities: string[];
  /** Labels whose values differ between the alerts (or that some lack), most distinct values first. */
  varying: LabelSpread[];
  /** Labels every alert of the line has with the same value (alertname and severity left out). */
  common: Array<[string, string]>;
  /** The first alert of the line and the externalURL of its notification, for links. */
  sample: Alert;
  externalURL: string;
}

export interface StormSummary {
  notifications: number;
  alerts: number;
  /** Alerts Alertmanager left out of the folded notifications (`truncatedAlerts`). */
  truncated: number;
  /** Firing lines first, each part by count (largest first), then by name. */
  lines: SummaryLine[];
}

const SKIP = new Set(['alertname', 'severity']);
const natural = new Intl.Collator('en', { numeric: true });

interface Bucket {
  alertname: string;
  status: AlertStatus;
  alerts: Map<string, Alert>;
  externalURL: string;
}

function lineOf(b: Bucket): SummaryLine {
  const alerts = [...b.alerts.values()];
  const values = new Map<string, Set<string>>();
  const present = new Map<string, number>();
  for (const a of alerts)
    for (const [k, v] of Object.entries(a.labels)) {
      if (SKIP.has(k)) continue;
      values.set(k, (values.get(k) ?? new Set()).add(v));
      present.set(k, (present.get(k) ?? 0) + 1);
    }
  const varying: LabelSpread[] = [];
  const common: Array<[string, string]> = [];
  for (const [label, set] of values) {
    if (set.size === 1 && present.get(label) === alerts.length) common.push([label, [...set][0] as string]);
    else varying.push({ label, values: [...set].sort(natural.compare) });
  }
  varying.sort((x, y) => y.values.length - x.values.length || x.label.localeCompare(y.label));
  common.sort(([x], [y]) => x.localeCompare(y));
  const severities = [...new Set(alerts.map((a) => a.labels.severity).filter((s): s is string => !!s))];
  return {
    alertname: b.alertname,
    status: b.status,
    count: alerts.length,
    severities: severities.sort(),
    varying,
    common,
    sample: alerts[0] as Alert,
    externalURL: b.externalURL,
  };
}

/** Groups the alerts of folded notifications by alert name and status, with counts and label spreads. */
export function summarize(groups: readonly AlertGroup[]): StormSummary {
  const buckets = new Map<string, Bucket>();
  let truncated = 0;
  for (const g of groups) {
    truncated += g.truncatedAlerts;
    for (const a of g.alerts) {
      const alertname = a.labels.alertname ?? 'alert';
      const key = JSON.stringify([a.status, alertname]);
      let b = buckets.get(key);
      if (!b) buckets.set(key, (b = { alertname, status: a.status, alerts: new Map(), externalURL: '' }));
      const id = a.fingerprint || JSON.stringify(a.labels);
      if (!b.alerts.has(id)) b.alerts.set(id, a);
      b.externalURL ||= g.externalURL;
    }
  }
  const lines = [...buckets.values()].map(lineOf);
  lines.sort(
    (x, y) =>
      Number(x.status === 'resolved') - Number(y.status === 'resolved') ||
      y.count - x.count ||
      x.alertname.localeCompare(y.alertname),
  );
  return {
    notifications: groups.length,
    alerts: lines.reduce((n, l) => n + l.count, 0),
    truncated,
    lines,
  };
}
