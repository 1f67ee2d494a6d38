import type { Labels, Sample } from './sample';

export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const REJECTION_REASONS = [
  'invalid_metric_name',
  'invalid_label_name',
  'reserved_label_name',
  'empty_label_value',
  'too_many_labels',
  'label_name_too_long',
  'label_value_too_long',
  'invalid_value',
  'invalid_timestamp',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface SampleLimits {
  maxLabels: number;
  maxLabelNameLength: number;
  maxLabelValueLength: number;
}

export const DEFAULT_SAMPLE_LIMITS: SampleLimits = {
  maxLabels: 30,
  maxLabelNameLength: 128,
  maxLabelValueLength: 1024,
};

export interface Rejection {
  reason: RejectionReason;
  field: string;
  message: string;
}

function reject(reason: RejectionReason, field: string, message: string): Rejection {
  return { reason, field, message };
}

function checkLabel(name: string, value: unknown, limits: SampleLimits): Rejection | undefined {
  const field = `labels.${name}`;
  if (name.startsWith('__'))
    return reject('reserved_label_name', field, `label name "${name}" is reserved (starts with "__")`);
  if (!LABEL_NAME_RE.test(name))
    return reject('invalid_label_name', field, `label name "${name}" does not match ${LABEL_NAME_RE.source}`);
  if (name.length > limits.maxLabelNameLength)
    return reject(
      'label_name_too_long',
      field,
      `label name is ${name.length} characters, limit ${limits.maxLabelNameLength}`,
    );
  if (typeof value !== 'string')
    return reject('invalid_label_name', field, `label "${name}" must have a string value`);
  if (value.length === 0) return reject('empty_label_value', field, `label "${name}" has an empty value`);
  if (value.length > limits.maxLabelValueLength)
    return reject(
      'label_value_too_long',
      field,
      `label "${name}" value is ${value.length} characters, limit ${limits.maxLabelValueLength}`,
    );
  return undefined;
}

export function validateLabels(
  labels: Labels,
  limits: SampleLimits = DEFAULT_SAMPLE_LIMITS,
): Rejection | undefined {
  const names = Object.keys(labels);
  if (names.length > limits.maxLabels)
    return reject('too_many_labels', 'labels', `${names.length} labels, limit ${limits.maxLabels}`);
  for (const name of names) {
    const problem = checkLabel(name, labels[name], limits);
    if (problem) return problem;
  }
  return undefined;
}

/** Checks one sample against the Prometheus data model; NaN, ±Inf and the staleness marker are legal values. */
export function validateSample(
  sample: Sample,
  limits: SampleLimits = DEFAULT_SAMPLE_LIMITS,
): Rejection | undefined {
  if (typeof sample.name !== 'string' || !METRIC_NAME_RE.test(sample.name))
    return reject(
      'invalid_metric_name',
      'name',
      `metric name "${String(sample.name)}" does not match ${METRIC_NAME_RE.source}`,
    );
  const labelProblem = validateLabels(sample.labels, limits);
  if (labelProblem) return labelProblem;
  if (typeof sample.value !== 'number') return reject('invalid_value', 'value', 'value must be a number');
  if (!Number.isSafeInteger(sample.timestampMs))
    return reject(
      'invalid_timestamp',
      'timestampMs',
      `timestamp ${String(sample.timestampMs)} is not an integer of milliseconds`,
    );
  return undefined;
}
