import type { RejectionReason } from '@streamwatch/metrics-core';

/** Why one sample was refused: the data-model reasons of metrics-core plus the collector's own limits. */
export type SampleRejectionReason =
  RejectionReason | 'timestamp_too_old' | 'timestamp_too_new' | 'series_limit' | 'invalid_sample';

/** Why a whole request was refused before its samples were looked at one by one. */
export type RequestRejectionReason =
  | 'too_many_samples'
  | 'body_too_large'
  | 'decoded_too_large'
  | 'malformed_body'
  | 'unsupported_encoding'
  | 'unauthorized';

export interface SampleRejection {
  /** Position of the sample in the request (after flattening series into samples). */
  index: number;
  reason: SampleRejectionReason;
  /** The offending field, e.g. `labels.job` or `timestampMs`. */
  field: string;
  /** The series, e.g. `http_requests_total{job="api"}`, so the sender can find it. */
  series: string;
  message: string;
}
