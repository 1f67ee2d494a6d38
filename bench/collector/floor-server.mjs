// The floor of run.mjs: the least any HTTP remote-write collector must do. A bare node:http server that
// reads the body, snappy-decodes it (the collector's library), then sends the ceiling's pre-encoded
// messages of that request with kafkajs (acks=all, the collector's producer settings) and answers 204
// after the ack (503 if the send fails). No protobuf parsing, validation or encoding.
// With COALESCE=1 it sends as the collector does: one send in flight, and the requests that arrived meanwhile
// go together in the next one (their messages concatenated, not merged: that would need encoding).
// Started by run.mjs as a child process; env: PORT, KAFKA_BROKERS, TOPIC, BENCH_NOW, SAMPLES_PER_REQUEST, COALESCE.
import http from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestSamples } from './workload.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'services/collector/package.json'));
const { Kafka, logLevel } = require('kafkajs');
const core = require('@streamwatch/metrics-core');
const { snappyDecode } = require(join(ROOT, 'services/collector/dist/adapters/remote-write.codec.js'));

const MAX_DECODED_BYTES = 32 * 1024 * 1024; // the collector's default
const { PORT, KAFKA_BROKERS, TOPIC, BENCH_NOW, SAMPLES_PER_REQUEST } = process.env;
// the same messages the ceiling sends: same workload, same timestamp, same encoder
const messages = core.buildSampleMessages(
  requestSamples(Number(SAMPLES_PER_REQUEST), Number(BENCH_NOW)),
  'remote_write',
);
const kafka = new Kafka({
  clientId: 'bench-floor',
  brokers: KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: false, maxInFlightRequests: 5 });
await producer.connect();

let sending = false;
let waiting = [];
async function flush() {
  sending = true;
  while (waiting.length > 0) {
    const batch = waiting;
    waiting = [];
    try {
      await producer.send({ topic: TOPIC, acks: -1, messages: batch.flatMap(() => messages) });
      for (const w of batch) w.resolve();
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }
  sending = false;
}
const send =
  process.env.COALESCE === '1'
    ? () =>
        new Promise((resolve, reject) => {
          waiting.push({ resolve, reject });
          if (!sending) void flush();
        })
    : () => producer.send({ topic: TOPIC, acks: -1, messages });

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(200).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      snappyDecode(Buffer.concat(chunks), MAX_DECODED_BYTES);
      await send();
      res.writeHead(204).end();
    } catch {
      res.writeHead(503).end();
    }
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void producer.disconnect().finally(() => process.exit(0));
});
