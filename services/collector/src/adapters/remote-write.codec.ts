import { sortedLabelPairs, type SeriesPoints } from '@streamwatch/metrics-core';
import { compress } from 'snappyjs';
import type { ResolvedSeries, SeriesLookup } from '../domain/series-catalog';
import { RequestRejection } from '../ingest/http-rejection';
import { ProtoFormatError } from './proto-reader';
import type { ReusedBuffer } from './reused-buffer';
import { snappyUncompress, SnappyFormatError } from './snappy-block';
import { WriteRequestType } from './remote-write.proto';
import { resolveSeries, scanWriteRequest, type ScannedWrite } from './remote-write.reader';

/**
 * Snappy block format, with the declared uncompressed length checked before any allocation; decoded into
 * `output` when given (the result is then valid until its next use).
 */
export function snappyDecode(body: Buffer, maxDecodedBytes: number, output?: ReusedBuffer): Buffer {
  try {
    return output
      ? snappyUncompress(body, maxDecodedBytes, (n) => output.take(n))
      : snappyUncompress(body, maxDecodedBytes);
  } catch (err) {
    if (!(err instanceof SnappyFormatError)) throw err;
    if (err.tooLarge)
      throw new RequestRejection(
        413,
        'decoded_too_large',
        `snappy body decodes to more than ${maxDecodedBytes} bytes`,
      );
    throw new RequestRejection(400, 'malformed_body', `body is not snappy block-compressed: ${err.message}`);
  }
}

export interface ReadWrite extends ScannedWrite {
  resolved: ResolvedSeries[];
}

/**
 * snappy-block body -> scanned WriteRequest with every series resolved (labels decoded and checked, or
 * remembered); throws RequestRejection (400/413) for anything malformed or too large. With `output`, the
 * decoded bytes (`buf` of the result) live in that reused buffer: read them before the next request is.
 */
export function readWriteRequest(
  body: Buffer,
  maxDecodedBytes: number,
  catalog: SeriesLookup,
  output?: ReusedBuffer,
): ReadWrite {
  const raw = snappyDecode(body, maxDecodedBytes, output);
  try {
    const scanned = scanWriteRequest(raw);
    return { ...scanned, resolved: resolveSeries(scanned, catalog) };
  } catch (err) {
    if (err instanceof ProtoFormatError)
      throw new RequestRejection(
        400,
        'malformed_body',
        `body is not a protobuf WriteRequest: ${err.message}`,
      );
    throw err;
  }
}

/** Series -> snappy-compressed WriteRequest body; points must be in timestamp order per series. */
export function encodeWriteRequest(series: readonly SeriesPoints[]): Buffer {
  const message = WriteRequestType.fromObject({
    timeseries: series.map((s) => ({
      labels: sortedLabelPairs(s.name, s.labels).map(([name, value]) => ({ name, value })),
      samples: s.points.map((p) => ({ value: p.value, timestamp: p.timestampMs })),
    })),
  });
  const raw = WriteRequestType.encode(message).finish();
  return Buffer.from(compress(raw));
}
