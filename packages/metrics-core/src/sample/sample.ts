export type Labels = Record<string, string>;

/** One observation of one series; `labels` excludes `__name__`. */
export interface Sample {
  name: string;
  labels: Labels;
  value: number;
  timestampMs: number;
  /** Set for a staleness marker; V8 may canonicalise the marker's NaN bits in optimised code, the flag survives. */
  stale?: boolean;
}

/** Where a batch entered the pipeline; decides e.g. which samples are forwarded to Prometheus. */
export const SAMPLE_SOURCES = [
  'unknown',
  'push',
  'remote_write',
  'scrape',
  'recording_rule',
  'health_check',
] as const;
export type SampleSource = (typeof SAMPLE_SOURCES)[number];
