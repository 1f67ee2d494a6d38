import {
  approxLabelBytes,
  seriesKey,
  shardKey,
  validateSample,
  type Labels,
  type Sample,
  type SampleLimits,
  wireSeriesStrings,
} from '@streamwatch/metrics-core';
import type { SeriesCell } from './cardinality';
import type { SampleRejection } from './rejection';
import { SeriesSlot, shardFor, slotFor } from './series-slot';

export type Problem = Pick<SampleRejection, 'reason' | 'field' | 'message'>;

/** A series checked once against the data model; samples of it only need their value and timestamp checked. */
export interface KnownSeries {
  readonly name: string;
  readonly labels: Labels;
  /** `seriesKey(name, labels)`; empty when the series is invalid. */
  readonly key: string;
  /** The first name/label problem `validateSample` reports for any sample of this series. */
  readonly problem: Problem | undefined;
  /** Its cell in the series limiter that last admitted it (see `CardinalityLimiter.admitSeries`). */
  cell: SeriesCell | undefined;
  /**
   * Shared by every object of this series: its Kafka partition key, wire strings and size, and its place in a
   * grouped send (undefined when invalid).
   */
  readonly slot: SeriesSlot | undefined;
}

/** The name/label part of `validateSample`, and the series key, computed once per series. */
export function inspectSeries(name: string, labels: Labels, limits: SampleLimits): KnownSeries {
  // value 0 and timestamp 0 always pass, so this is exactly the series part of the check
  const problem = validateSample({ name, labels, value: 0, timestampMs: 0 }, limits);
  if (problem)
    return {
      name,
      labels,
      key: '',
      problem,
      cell: undefined,
      slot: undefined,
    };
  const key = seriesKey(name, labels);
  const slot = slotFor(
    key,
    () =>
      new SeriesSlot(
        shardFor(shardKey(name, labels)),
        // code-unit order, as the wire encoder sorts label names
        wireSeriesStrings(name, labels, Object.keys(labels).sort()),
        approxLabelBytes(name, labels),
      ),
  );
  return {
    name,
    labels,
    key,
    problem,
    cell: undefined,
    slot,
  };
}

/** `validateSample` of a sample whose series is known to be valid: only its value and timestamp can fail. */
export function pointProblem(sample: Sample, limits: SampleLimits): Problem | undefined {
  if (typeof sample.value === 'number' && Number.isSafeInteger(sample.timestampMs)) return undefined;
  return validateSample(sample, limits);
}
