import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { DependencyError } from '../errors/errors';
import { seriesKeyOfSorted, shardKey, sortedLabelNames } from '../sample/fingerprint';
import type { Labels, Sample, SampleSource } from '../sample/sample';
import { STALE_NAN } from '../sample/staleness';
import { encodeSeriesBatch, type SeriesPoints } from '../wire/sample-batch.codec';

export type Compression = 'none' | 'gzip';

export interface SampleProducerOptions {
  topic: string;
  compression?: Compression;
  /** Upper bound of one encoded message; stays below Kafka's ~1 MB default. */
  maxMessageBytes?: number;
}

const COMPRESSION = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP } as const;
/** Rough encoded bytes of one point (timestamp delta + value), for splitting messages by size. */
export const BYTES_PER_POINT = 12;
const DEFAULT_MAX_MESSAGE_BYTES = 900_000;

/** Rough encoded bytes of a series' name and labels, for splitting messages by size. */
export function approxLabelBytes(name: string, labels: Labels): number {
  let n = name.length + 8;
  for (const k in labels) n += k.length + (labels[k] as string).length + 4;
  return n;
}

/** End offsets of consecutive runs of `count` items of at most `maxBytes` each (item i weighs `bytesOf(i)`). */
export function chunkEndsBy(count: number, bytesOf: (i: number) => number, maxBytes: number): number[] {
  const ends: number[] = [];
  let size = 0;
  for (let i = 0; i < count; i++) {
    const bytes = bytesOf(i);
    if (i > 0 && size + bytes > maxBytes) {
      ends.push(i);
      size = 0;
    }
    size += bytes;
  }
  if (count > 0) ends.push(count);
  return ends;
}

/** End offsets of consecutive runs of `series` of at most `maxBytes` each, never splitting a series. */
function chunkEnds(series: readonly SeriesPoints[], maxBytes: number): number[] {
  return chunkEndsBy(
    series.length,
    (i) => {
      const s = series[i] as SeriesPoints;
      return approxLabelBytes(s.name, s.labels) + s.points.length * BYTES_PER_POINT;
    },
    maxBytes,
  );
}

/** Splits one partition key's series into messages of at most `maxBytes`, never splitting a series. */
export function chunkSeries(series: SeriesPoints[], maxBytes: number): SeriesPoints[][] {
  let start = 0;
  return chunkEnds(series, maxBytes).map((end) => series.slice(start, (start = end)));
}

interface SeriesIds {
  name: string;
  shard: string;
  key: string;
}

/** The series of one partition key, each series once, with its label names sorted when already known. */
export interface ShardSeries {
  key: string;
  series: SeriesPoints[];
  sortedNames?: Array<readonly string[]>;
}

/** Keyed Kafka messages of grouped series: one or more compact batches per shard key, in the given order. */
export function encodeShardSeries(
  shards: Iterable<ShardSeries>,
  source: SampleSource,
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
): Array<{ key: string; value: Buffer }> {
  const messages: Array<{ key: string; value: Buffer }> = [];
  for (const { key, series, sortedNames } of shards) {
    const ends = chunkEnds(series, maxMessageBytes);
    let start = 0;
    for (const end of ends) {
      const chunk = ends.length === 1 ? series : series.slice(start, end);
      const offset = start;
      messages.push({
        key,
        value: encodeSeriesBatch(source, chunk, (i) =>
          sortedNames
            ? (sortedNames[offset + i] as readonly string[])
            : sortedLabelNames((chunk[i] as SeriesPoints).labels),
        ),
      });
      start = end;
    }
  }
  return messages;
}

/** A point of the wire batch; a staleness marker is written as the exact marker. */
export function pointOf(s: Sample): SeriesPoints['points'][number] {
  return s.stale
    ? { timestampMs: s.timestampMs, value: STALE_NAN, stale: true }
    : { timestampMs: s.timestampMs, value: s.value };
}

/** Builds keyed Kafka messages: one or more compact batches per shard key. */
export function buildSampleMessages(
  samples: readonly Sample[],
  source: SampleSource,
  maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
): Array<{ key: string; value: Buffer }> {
  // Samples of one series usually share one labels object: its keys are computed once per call.
  const idsOf = new Map<Labels, SeriesIds>();
  const byShard = new Map<
    string,
    ShardSeries & { byKey: Map<string, SeriesPoints>; sortedNames: Array<readonly string[]> }
  >();
  for (const s of samples) {
    let ids = idsOf.get(s.labels);
    let names: string[] | undefined;
    if (ids === undefined || ids.name !== s.name) {
      names = sortedLabelNames(s.labels);
      ids = {
        name: s.name,
        shard: shardKey(s.name, s.labels),
        key: seriesKeyOfSorted(s.name, s.labels, names),
      };
      idsOf.set(s.labels, ids);
    }
    let shard = byShard.get(ids.shard);
    if (shard === undefined) {
      shard = { key: ids.shard, series: [], sortedNames: [], byKey: new Map() };
      byShard.set(ids.shard, shard);
    }
    let entry = shard.byKey.get(ids.key);
    if (entry === undefined) {
      entry = { name: s.name, labels: s.labels, points: [] };
      shard.byKey.set(ids.key, entry);
      shard.series.push(entry);
      shard.sortedNames.push(names ?? sortedLabelNames(s.labels));
    }
    entry.points.push(pointOf(s));
  }
  return encodeShardSeries(byShard.values(), source, maxMessageBytes);
}

/** Publishes samples keyed by shard key with acks=all; resolves only once Kafka acknowledged every message. */
export class SampleProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly opts: SampleProducerOptions,
  ) {
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      maxInFlightRequests: 5,
    });
    this.producer.on(this.producer.events.DISCONNECT, () => {
      this.connected = false;
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Upper bound of one encoded message, for callers that encode their own. */
  get maxMessageBytes(): number {
    return this.opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  }

  async publish(samples: readonly Sample[], source: SampleSource): Promise<number> {
    const messages = buildSampleMessages(samples, source, this.opts.maxMessageBytes);
    if (messages.length === 0) return 0;
    await this.sendRaw(messages);
    return messages.length;
  }

  async sendRaw(messages: Array<{ key: string; value: Buffer }>): Promise<void> {
    try {
      await this.producer.send({
        topic: this.opts.topic,
        acks: -1,
        compression: COMPRESSION[this.opts.compression ?? 'none'],
        messages,
      });
    } catch (err) {
      throw new DependencyError('kafka', `produce to ${this.opts.topic} failed: ${(err as Error).message}`, {
        cause: err,
        retriable: true,
      });
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
    this.connected = false;
  }
}
