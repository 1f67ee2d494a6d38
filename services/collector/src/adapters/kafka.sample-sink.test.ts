import {
  buildSampleMessages,
  decodeSampleBatch,
  DEFAULT_SAMPLE_LIMITS,
  SampleProducer,
  type Sample,
  type SampleSource,
  type SeriesPoints,
} from '@streamwatch/metrics-core';
import type { Kafka } from 'kafkajs';
import { AcceptedPoints } from '../domain/accepted-points';
import { inspectSeries } from '../domain/known-series';
import { KafkaSampleSink } from './kafka.sample-sink';

type Message = { key: string; value: Buffer };

/** kafkajs' producer as SampleProducer uses it; every send stays open until the test settles it. */
class FakeKafkaProducer {
  events = { DISCONNECT: 'producer.disconnect' };
  sends: Array<{ messages: Message[]; resolve: () => void; reject: (err: Error) => void }> = [];
  on(): void {}
  async connect(): Promise<void> {}
  send({ messages }: { messages: Message[] }): Promise<void> {
    return new Promise((resolve, reject) => this.sends.push({ messages, resolve, reject }));
  }
}

function setup() {
  const fake = new FakeKafkaProducer();
  const producer = new SampleProducer({ producer: () => fake } as unknown as Kafka, { topic: 't' });
  return { fake, producer, sink: new KafkaSampleSink(producer, { maxInFlight: 1, maxWeight: 1_000_000 }) };
}

const flush = () => new Promise((r) => setImmediate(r));

function request(first: number, count: number, series = 7): Sample[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `m${(first + i) % series}`,
    labels: { job: 'j', instance: `i${(first + i) % 3}` },
    value: first + i,
    timestampMs: 1_700_000_000_000 + first + i,
  }));
}

function publish(sink: KafkaSampleSink, samples: Sample[], source: SampleSource = 'push') {
  const points = new AcceptedPoints();
  for (const s of samples) points.addSample(inspectSeries(s.name, s.labels, DEFAULT_SAMPLE_LIMITS), s);
  const state = { settled: 'pending' as 'pending' | 'ok' | 'failed' };
  sink.publish(points, source).then(
    () => (state.settled = 'ok'),
    () => (state.settled = 'failed'),
  );
  return state;
}

/** Per key, per source: each series' points in the order a consumer of the partition would see them. */
function decoded(messages: Message[]): Record<string, SeriesPoints['points']> {
  const out: Record<string, SeriesPoints['points']> = {};
  for (const m of messages) {
    const batch = decodeSampleBatch(m.value);
    for (const s of batch.series) {
      const id = `${m.key} ${batch.source} ${s.name} ${JSON.stringify(s.labels)}`;
      (out[id] ??= []).push(...s.points);
    }
  }
  return out;
}

describe('KafkaSampleSink', () => {
  it('carries requests arriving during a send in one send, one message per key, decoding to the same series', async () => {
    const { fake, sink } = setup();
    const first = publish(sink, request(0, 30));
    const later = [request(30, 30), request(60, 30), request(90, 30)];
    const states = later.map((r) => publish(sink, r));
    await flush();
    expect(fake.sends).toHaveLength(1);
    fake.sends[0]!.resolve();
    await flush();
    expect(first.settled).toBe('ok');
    expect(fake.sends).toHaveLength(2);
    const merged = fake.sends[1]!.messages;
    const separate = later.flatMap((r) => buildSampleMessages(r, 'push'));
    expect(new Set(merged.map((m) => m.key)).size).toBe(merged.length);
    expect(merged.length).toBeLessThan(separate.length);
    expect(decoded(merged)).toEqual(decoded(separate));
    expect(states.map((s) => s.settled)).toEqual(['pending', 'pending', 'pending']);
    fake.sends[1]!.resolve();
    await flush();
    expect(states.map((s) => s.settled)).toEqual(['ok', 'ok', 'ok']);
  });

  it('keeps sources apart and fails only the requests of a failed send', async () => {
    const { fake, sink } = setup();
    const a = publish(sink, request(0, 5));
    const b = publish(sink, request(5, 5), 'remote_write');
    const c = publish(sink, request(10, 5), 'push');
    await flush();
    fake.sends[0]!.resolve();
    await flush();
    const sources = fake.sends[1]!.messages.map((m) => decodeSampleBatch(m.value).source);
    expect(new Set(sources)).toEqual(new Set(['remote_write', 'push']));
    const d = publish(sink, request(15, 5));
    fake.sends[1]!.reject(new Error('broker down'));
    await flush();
    expect([a.settled, b.settled, c.settled, d.settled]).toEqual(['ok', 'failed', 'failed', 'pending']);
    fake.sends[2]!.resolve();
    await flush();
    expect(d.settled).toBe('ok');
  });
});
