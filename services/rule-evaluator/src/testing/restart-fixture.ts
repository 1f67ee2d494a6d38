import { shardKey, type Labels } from '@streamwatch/metrics-core';
import type { Alert } from '../domain/rules/types';
import type { AlertTransitionEvent } from '../ports';
import { partitionOf, type ReceivedPost } from './restart-harness';

// The rules and series of restarts.int.test.ts: alerts on every partition of the samples topic.

/** Partitions of the samples topic: alert series on the first 6, series that go quiet on the other 2. */
export const TOPIC_PARTITIONS = 8;
export const ALERT_PARTITIONS = 6;
export const FOR_MS = 20_000;

/** `metric > 1` rules, one alert per series; `rs_e` feeds only RsLate, a count() over it. */
export const RULES = [
  { metric: 'rs_a', alert: 'RsFiring', series: 4, for: '' },
  { metric: 'rs_b', alert: 'RsFiredFor', series: 4, for: '3s' },
  { metric: 'rs_c', alert: 'RsPendingLong', series: 2, for: '1h' },
  { metric: 'rs_d', alert: 'RsPendingFires', series: 2, for: `${FOR_MS / 1000}s` },
  { metric: 'rs_e', alert: '', series: 2, for: '' },
  { metric: 'rs_quiet', alert: '', series: 2, for: '' },
] as const;

export interface SeriesSpec {
  metric: string;
  labels: Labels;
  partition: number;
}

/**
 * Alert series i lands on partition i % 6, `rs_quiet` on partitions 6 and 7 (the Kafka key is job+instance:
 * instance names are picked to make it so).
 */
export function spreadSeries(run: string): SeriesSpec[] {
  const job = `rs-${run}`;
  const out: SeriesSpec[] = [];
  let next = 0;
  for (const rule of RULES)
    for (let n = 0; n < rule.series; n++) {
      const partition = rule.metric === 'rs_quiet' ? ALERT_PARTITIONS + n : next++ % ALERT_PARTITIONS;
      let labels: Labels;
      for (let k = 0; ; k++) {
        labels = { job, instance: `${rule.metric}-${n}-${k}`, run };
        if (partitionOf(shardKey(rule.metric, labels), TOPIC_PARTITIONS) === partition) break;
      }
      out.push({ metric: rule.metric, labels, partition });
    }
  return out;
}

export function rulesYaml(run: string): string {
  const lines = ['groups:', '  - name: restarts', '    rules:'];
  for (const r of RULES) {
    if (!r.alert) continue;
    lines.push(`      - alert: ${r.alert}`, `        expr: ${r.metric}{run="${run}"} > 1`);
    if (r.for) lines.push(`        for: ${r.for}`);
  }
  for (const [alert, expr] of [
    ['RsCount', `count(rs_a{run="${run}"} > 1) >= 4`],
    ['RsLate', `count(rs_e{run="${run}"} > 1) >= 2`],
  ])
    lines.push(`      - alert: ${alert}`, `        expr: ${expr}`, `        labels: { run: "${run}" }`);
  return lines.join('\n') + '\n';
}

export const idOf = (labels: Labels): string => `${labels.alertname}/${labels.instance ?? '*'}`;

/** Where the alert state in Redis differs from what each alert must keep (gone, resolved, activeAt, firedAt). */
export function stateProblems(
  label: string,
  expected: Map<string, Alert>,
  now: Map<string, Alert>,
): string[] {
  const out: string[] = [];
  for (const [id, want] of expected) {
    const got = now.get(id);
    const kept =
      got !== undefined &&
      got.state !== 'inactive' &&
      got.activeAt === want.activeAt &&
      (want.state !== 'firing' || (got.state === 'firing' && got.firedAt === want.firedAt));
    if (!kept)
      out.push(
        `${label}: ${id} was ${want.state} activeAt=${want.activeAt} firedAt=${want.firedAt}, now ${
          got ? `${got.state} activeAt=${got.activeAt} firedAt=${got.firedAt}` : 'gone'
        }`,
      );
  }
  return out;
}

/** Posts to Alertmanager: one startsAt per alert across every post, nothing resolved, every firing alert sent. */
export function postProblems(posts: ReceivedPost[], run: string, expected: Map<string, Alert>): string[] {
  const out: string[] = [];
  const startsAt = new Map<string, Set<string>>();
  for (const { atMs, alerts } of posts)
    for (const a of alerts) {
      if (a.labels.run !== run) continue;
      const id = idOf(a.labels);
      startsAt.set(id, (startsAt.get(id) ?? new Set()).add(a.startsAt));
      if (a.endsAt !== undefined && Date.parse(a.endsAt) <= atMs)
        out.push(`posted resolved: ${id} endsAt=${a.endsAt} at ${new Date(atMs).toISOString()}`);
    }
  for (const [id, set] of startsAt)
    if (set.size > 1) out.push(`${id} posted with startsAt ${[...set].join(', ')}`);
  for (const [id, a] of expected)
    if (a.state === 'firing' && !startsAt.has(id)) out.push(`${id} never posted to Alertmanager`);
  return out;
}

/** Topic `alerts`: no resolved transition, and no alert announced as pending or as firing twice. */
export function transitionProblems(events: AlertTransitionEvent[], run: string): string[] {
  const out: string[] = [];
  const counts = new Map<string, number>();
  for (const e of events) {
    if (e.labels.run !== run) continue;
    const id = `${idOf(e.labels)} -> ${e.to}`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    if (e.to === 'resolved') out.push(`resolved transition: ${idOf(e.labels)} at ${e.at}`);
  }
  for (const [id, n] of counts) if (n > 1) out.push(`${n} transitions ${id}`);
  return out;
}
