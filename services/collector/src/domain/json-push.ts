import type { Labels, Sample } from '@streamwatch/metrics-core';
import type { KnownSeries } from './known-series';
import type { SeriesLookup } from './series-catalog';
import type { SampleRejection } from './rejection';

export interface IndexedSample {
  index: number;
  sample: Sample;
  /** The sample's series, already checked (e.g. remembered from an earlier request); else checked here. */
  series?: KnownSeries;
}

export interface ParsedPush {
  samples: IndexedSample[];
  rejections: SampleRejection[];
}

const SPECIAL_VALUES: Record<string, number> = {
  NaN: NaN,
  '+Inf': Infinity,
  Inf: Infinity,
  '-Inf': -Infinity,
};
const TYPES = new Set(['gauge', 'counter']);

/** The body is `[sample, ...]` or `{ "samples": [sample, ...] }`; anything else is not a push request. */
export function pushEntries(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null && Array.isArray((body as { samples?: unknown }).samples))
    return (body as { samples: unknown[] }).samples;
  return undefined;
}

function parseValue(raw: unknown): number | undefined {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && raw in SPECIAL_VALUES) return SPECIAL_VALUES[raw];
  return undefined;
}

/** Milliseconds since the epoch as an integer, or an RFC 3339 string; missing means the time of receipt. */
function parseTimestamp(raw: unknown, receivedMs: number): number | undefined {
  if (raw === undefined || raw === null) return receivedMs;
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

type Problem = Pick<SampleRejection, 'reason' | 'field' | 'message'>;

function parseOne(raw: unknown, receivedMs: number): Sample | Problem {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return {
      reason: 'invalid_sample',
      field: '',
      message: 'a sample must be an object {name, labels, value, timestamp?}',
    };
  const o = raw as Record<string, unknown>;
  const labels = o.labels ?? {};
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels))
    return { reason: 'invalid_sample', field: 'labels', message: 'labels must be an object of strings' };
  if (o.type !== undefined && !TYPES.has(o.type as string))
    return { reason: 'invalid_sample', field: 'type', message: 'type must be "gauge" or "counter"' };
  if (o.help !== undefined && typeof o.help !== 'string')
    return { reason: 'invalid_sample', field: 'help', message: 'help must be a string' };
  const value = parseValue(o.value);
  if (value === undefined)
    return {
      reason: 'invalid_value',
      field: 'value',
      message: 'value must be a number or one of "NaN", "+Inf", "-Inf"',
    };
  const timestampMs = parseTimestamp(o.timestamp, receivedMs);
  if (timestampMs === undefined)
    return {
      reason: 'invalid_timestamp',
      field: 'timestamp',
      message: 'timestamp must be integer milliseconds or an RFC 3339 string',
    };
  return { name: o.name as string, labels: labels as Labels, value, timestampMs };
}

function describeRaw(raw: unknown): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name.slice(0, 200) : '(unnamed)';
}

/** Turns JSON push entries into samples; shape problems become per-sample rejections with the field path. */
export function parsePushEntries(entries: readonly unknown[], receivedMs: number): ParsedPush {
  const out: ParsedPush = { samples: [], rejections: [] };
  entries.forEach((raw, index) => {
    const parsed = parseOne(raw, receivedMs);
    if ('reason' in parsed) {
      const field = parsed.field ? `samples[${index}].${parsed.field}` : `samples[${index}]`;
      out.rejections.push({ index, ...parsed, field, series: describeRaw(raw) });
    } else out.samples.push({ index, sample: parsed });
  });
  return out;
}

/** Gives each pushed sample its remembered series (labels object and check results) when known. */
export function attachSeries(samples: IndexedSample[], catalog: Pick<SeriesLookup, 'resolveFields'>): void {
  for (const item of samples) {
    const series = catalog.resolveFields(item.sample.name, item.sample.labels);
    if (series === undefined) continue;
    item.sample.labels = series.labels;
    item.series = series.known;
  }
}
