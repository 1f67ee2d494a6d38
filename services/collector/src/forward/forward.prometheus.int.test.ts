import { nativeEnv, waitFor, type ServiceProcess } from '@streamwatch/test-support';
import { encodeWriteRequest } from '../adapters/remote-write.codec';
import { deleteTopic, INT_AUTH, startCollector, testKafka, uniqueName } from '../testing/int-helpers';

const native = nativeEnv();
const kafka = testKafka(native.KAFKA_BROKERS!);
const topic = uniqueName('collector-int-fwd');
const id = uniqueName('x').replace(/-/g, '_');
const pushed = `streamwatch_int_forward_${id}`;
const remoteWritten = `streamwatch_int_not_forwarded_${id}`;
let collector: ServiceProcess;

async function query(
  expr: string,
): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const res = await fetch(`${native.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as {
    data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  };
  return body.data.result;
}

beforeAll(async () => {
  collector = await startCollector({
    KAFKA_BROKERS: native.KAFKA_BROKERS!,
    SAMPLES_TOPIC: topic,
    FORWARD_ENABLED: 'true',
    FORWARD_GROUP_ID: uniqueName('collector-int-fwd-group'),
    PROMETHEUS_REMOTE_WRITE_URL: `${native.PROMETHEUS_URL}/api/v1/write`,
  });
});

afterAll(async () => {
  await collector?.stop();
  await deleteTopic(kafka, topic);
});

describe('forwarding pushed samples to Prometheus', () => {
  it('makes a pushed metric queryable in the shared Prometheus with its own timestamp, but not remote-written ones', async () => {
    const pushedTimestamps: number[] = [];
    await waitFor(
      async () => {
        const lastTs = Date.now() - 5000;
        pushedTimestamps.push(lastTs);
        const push = await fetch(`${collector.url}/api/v1/samples`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...INT_AUTH },
          body: JSON.stringify([{ name: pushed, labels: { shop: 'int' }, value: 7, timestamp: lastTs }]),
        });
        expect(push.status).toBe(204);
        const rw = await fetch(`${collector.url}/api/v1/write`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', ...INT_AUTH },
          body: encodeWriteRequest([
            { name: remoteWritten, labels: { shop: 'int' }, points: [{ timestampMs: lastTs, value: 1 }] },
          ]),
        });
        expect(rw.status).toBe(204);
        return (await query(`${pushed}[1m]`)).length > 0;
      },
      40_000,
      1000,
    );

    const [series] = await query(pushed);
    expect(series!.metric).toEqual({ __name__: pushed, shop: 'int' });
    expect(series!.value[1]).toBe('7');
    const range = await fetch(
      `${native.PROMETHEUS_URL}/api/v1/query?query=${encodeURIComponent(`${pushed}[5m]`)}`,
    );
    const values = ((await range.json()) as { data: { result: Array<{ values: Array<[number, string]> }> } })
      .data.result[0]!.values;
    // Prometheus stored exactly the pushed timestamps, not the time of forwarding
    expect(values.length).toBeGreaterThan(0);
    for (const [t] of values) expect(pushedTimestamps).toContain(Math.round(t * 1000));
    expect(await query(`${remoteWritten}[5m]`)).toEqual([]);

    const metrics = await (await fetch(`${collector.url}/metrics`)).text();
    expect(metrics).toMatch(
      /streamwatch_collector_forwarded_samples_total\{[^}]*outcome="forwarded"[^}]*\} [1-9]/,
    );
  });
});
