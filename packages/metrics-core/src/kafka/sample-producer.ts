import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { DependencyError } from '../errors/errors';
import { seriesKey, shardKey } from '../sample/fingerprint';
import type { Sample, SampleSource } from '../sample/sample';
import { encodeSampleBatch, groupSeries, type SeriesPoints } from '../wire/sample-batch.codec';

export type Compression = 'none' | 'gzip';

export interface SampleProducerOptions {
  topic: string;
  compression?: Compression;
  /** Upper bound of one encoded message; stays below Kafka's ~1 MB default. */
  maxMessageBytes?: number;
}

const COMPRESSION = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP } as const;
const BYTES_PER_POINT = 12;

function approxSeriesBytes(s: SeriesPoints): number {
  let n = s.name.length + 8;
  for (const k in s.labels) n += k.length + (s.labels[k] as string).length + 4;
  return n + s.points.length * BYTES_PER_POINT;
}

/** Splits one partition key's series into messages of at most `maxBytes`, never splitting a series. */
export function chunkSeries(series: SeriesPoints[], maxBytes: number): SeriesPoints[][] {
  const chunks: SeriesPoints[][] = [];
  let current: SeriesPoints[] = [];
  let size = 0;
  for (const s of series) {
    const bytes = approxSeriesBytes(s);
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(s);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Builds keyed Kafka messages: one or more compact batches per shard key. */
export function buildSampleMessages(
  samples: readonly Sample[],
  source: SampleSource,
  maxMessageBytes = 900_000,
): Array<{ key: string; value: Buffer }> {
  const byShard = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = shardKey(s.name, s.labels);
    const list = byShard.get(key);
    if (list) list.push(s);
    else byShard.set(key, [s]);
  }
  const messages: Array<{ key: string; value: Buffer }> = [];
  for (const [key, list] of byShard) {
    const series = groupSeries(list, (s) => seriesKey(s.name, s.labels));
    for (const chunk of chunkSeries(series, maxMessageBytes))
      messages.push({ key, value: encodeSampleBatch({ source, series: chunk }) });
  }
  return messages;
}

/** Publishes samples keyed by shard key with acks=all; resolves only once Kafka acknowledged every message. */
export class SampleProducer {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly opts: SampleProducerOptions,
  ) {
    this.producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false, maxInFlightRequests: 5 });
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
