import type { Response } from 'express';
import type { IngestOutcome } from '../ingest/ingestor';

/** How many refused samples a 400 lists; the counts cover all of them. */
export const MAX_LISTED_REJECTIONS = 10;

/**
 * 204 when every sample was accepted. Otherwise 400 listing the first problems, each naming the sample
 * index, series and field; the acceptable samples of the same request WERE stored (acked by Kafka).
 */
export function answerOutcome(res: Response, outcome: IngestOutcome): void {
  if (outcome.rejections.length === 0) {
    res.status(204).end();
    return;
  }
  const first = outcome.rejections[0]!;
  const details = outcome.rejections.slice(0, MAX_LISTED_REJECTIONS).map((r) => ({
    index: r.index,
    series: r.series,
    field: r.field,
    reason: r.reason,
    message: r.message,
  }));
  res.status(400).json({
    error: 'ValidationError',
    reason: `${outcome.rejections.length} of ${outcome.received} samples rejected; first: sample ${first.index} ${first.series} ${first.field}: ${first.message}`,
    accepted: outcome.accepted,
    rejected: outcome.rejections.length,
    details,
  });
}
