import { batchToSamples } from '@streamwatch/metrics-core';
import { waitFor, type ServiceProcess } from '@streamwatch/test-support';
import { INT_AUTH, readTopic, startCollector, testKafka, uniqueName } from '../testing/int-helpers';
import { PrivateKafka } from '../testing/private-kafka';

jest.setTimeout(150_000);

let broker: PrivateKafka;
let collector: ServiceProcess;
const pushers: Pusher[] = [];
const topic = uniqueName('collector-int-outage');
const run = uniqueName('run');

beforeAll(async () => {
  broker = await PrivateKafka.create();
  await broker.start();
  collector = await startCollector({
    KAFKA_BROKERS: broker.brokers,
    SAMPLES_TOPIC: topic,
    SAMPLES_TOPIC_PARTITIONS: '2',
    KAFKA_PRODUCE_TIMEOUT_MS: '2500',
  });
});

afterAll(async () => {
  // a failed test must not leave the push loop running: Jest would wait for it forever
  await Promise.all(pushers.map((p) => p.stop()));
  await collector?.stop();
  await broker?.destroy();
});

/** Pushes requests of 20 uniquely numbered samples back to back, remembering which ones were acknowledged. */
class Pusher {
  acked = new Set<number>();
  statuses: Array<{ status: number; ms: number; at: number }> = [];
  private seq = 0;
  private running = true;
  private loop: Promise<void> | undefined;

  start(url: string): void {
    this.loop = (async () => {
      while (this.running) {
        const values = Array.from({ length: 20 }, () => this.seq++);
        const now = Date.now();
        const body = values.map((v, i) => ({
          name: 'outage_seq',
          labels: { run, part: String(i % 4) },
          value: v,
          timestamp: now,
        }));
        const started = Date.now();
        const res = await fetch(`${url}/api/v1/samples`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...INT_AUTH },
          body: JSON.stringify(body),
        }).catch(() => undefined);
        await res?.arrayBuffer();
        this.statuses.push({ status: res?.status ?? 0, ms: Date.now() - started, at: Date.now() });
        if (res?.status === 204) for (const v of values) this.acked.add(v);
        else await new Promise((r) => setTimeout(r, 200));
      }
    })();
  }

  count(status: number, since = 0): number {
    return this.statuses.filter((s) => s.status === status && s.at >= since).length;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

describe('broker stop/start', () => {
  it('answers 503 fast while Kafka is down, resumes without restart, and loses no acknowledged sample', async () => {
    const pusher = new Pusher();
    pushers.push(pusher);
    pusher.start(collector.url);
    await waitFor(async () => pusher.count(204) >= 10, 10_000);

    const downAt = Date.now();
    await broker.stop();
    await waitFor(async () => pusher.count(503, downAt) >= 2, 20_000);
    expect((await fetch(`${collector.url}/health/ready`)).status).toBe(503);
    expect((await fetch(`${collector.url}/health/live`)).status).toBe(200);
    const failed = pusher.statuses.filter((s) => s.at >= downAt && s.status === 503);
    expect(Math.max(...failed.map((s) => s.ms))).toBeLessThan(6_000);

    const upAt = Date.now();
    await broker.start();
    await waitFor(async () => pusher.count(204, upAt) >= 5, 40_000);
    await waitFor(async () => (await fetch(`${collector.url}/health/ready`)).status === 200, 10_000);
    await pusher.stop();

    expect(pusher.statuses.every((s) => [204, 503].includes(s.status))).toBe(true);
    const kafka = testKafka(broker.brokers);
    const found = new Set<number>();
    await readTopic(
      kafka,
      topic,
      (batches) => {
        for (const s of batches.flatMap(batchToSamples)) if (s.labels.run === run) found.add(s.value);
        return [...pusher.acked].every((v) => found.has(v));
      },
      20_000,
    );
    const lost = [...pusher.acked].filter((v) => !found.has(v));
    console.log(
      `acked ${pusher.acked.size} samples, found ${found.size} in the topic, lost ${lost.length}; ${pusher.count(503)} requests answered 503`,
    );
    expect(lost).toEqual([]);
    expect(pusher.acked.size).toBeGreaterThan(200);
  });
});
