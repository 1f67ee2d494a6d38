#!/usr/bin/env node
'use strict';
// Native stand-in for danielqsj/kafka-exporter (whose Go module is not
// available here): serves the subset of its metrics that Streamwatch's rules
// and dashboards use, with the same names and labels, on /metrics; /healthz.
//   kafka_brokers, kafka_topic_partitions{topic},
//   kafka_topic_partition_current_offset{topic,partition},
//   kafka_consumergroup_current_offset{consumergroup,topic,partition},
//   kafka_consumergroup_lag{consumergroup,topic,partition},
//   kafka_consumergroup_lag_sum{consumergroup,topic}
// Usage: kafka-exporter.js <brokers> <listen-host:port>
const http = require('node:http');
const { resolvePackage } = require('./resolve');

const { Kafka, logLevel } = resolvePackage('kafkajs', ['packages/metrics-core', 'services/collector']);
const [brokers = '127.0.0.1:9092', listen = '127.0.0.1:9308'] = process.argv.slice(2);
const kafka = new Kafka({
  clientId: 'streamwatch-kafka-exporter',
  brokers: brokers.split(','),
  logLevel: logLevel.NOTHING,
  retry: { retries: 1 },
});
const admin = kafka.admin();
let connected = false;

const esc = (v) => String(v).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const labels = (o) =>
  `{${Object.entries(o)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;

async function collect() {
  if (!connected) {
    await admin.connect();
    connected = true;
  }
  const lines = [];
  const gauge = (name, help) => lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
  const { brokers: bs } = await admin.describeCluster();
  gauge('kafka_brokers', 'Number of Brokers in the Kafka Cluster.');
  lines.push(`kafka_brokers ${bs.length}`);

  const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  const ends = new Map();
  gauge('kafka_topic_partitions', 'Number of partitions for this Topic');
  const offsetLines = [];
  for (const topic of topics) {
    // A topic deleted or being created meanwhile must not fail the scrape.
    const offsets = await admin.fetchTopicOffsets(topic).catch(() => undefined);
    if (!offsets) continue;
    lines.push(`kafka_topic_partitions${labels({ topic })} ${offsets.length}`);
    for (const o of offsets) {
      ends.set(`${topic}/${o.partition}`, Number(o.high));
      offsetLines.push(
        `kafka_topic_partition_current_offset${labels({ topic, partition: o.partition })} ${o.high}`,
      );
    }
  }
  gauge('kafka_topic_partition_current_offset', 'Current Offset of a Broker at Topic/Partition');
  lines.push(...offsetLines);

  const groups = (await admin.listGroups()).groups.map((g) => g.groupId).sort();
  const cur = [];
  const lag = [];
  const lagSum = [];
  for (const group of groups) {
    const committedByTopic = await admin.fetchOffsets({ groupId: group }).catch(() => []);
    for (const { topic, partitions } of committedByTopic) {
      if (!topics.includes(topic)) continue;
      let sum = 0;
      for (const p of partitions) {
        const committed = Number(p.offset);
        if (committed < 0) continue; // nothing committed yet
        const l = Math.max(0, (ends.get(`${topic}/${p.partition}`) ?? committed) - committed);
        sum += l;
        const lb = labels({ consumergroup: group, topic, partition: p.partition });
        cur.push(`kafka_consumergroup_current_offset${lb} ${committed}`);
        lag.push(`kafka_consumergroup_lag${lb} ${l}`);
      }
      lagSum.push(`kafka_consumergroup_lag_sum${labels({ consumergroup: group, topic })} ${sum}`);
    }
  }
  gauge('kafka_consumergroup_current_offset', 'Current Offset of a ConsumerGroup at Topic/Partition');
  lines.push(...cur);
  gauge('kafka_consumergroup_lag', 'Current Approximate Lag of a ConsumerGroup at Topic/Partition');
  lines.push(...lag);
  gauge(
    'kafka_consumergroup_lag_sum',
    'Current Approximate Lag of a ConsumerGroup at Topic for all partitions',
  );
  lines.push(...lagSum);
  return lines.join('\n') + '\n';
}

const server = http.createServer((req, res) => {
  if (req.url === '/healthz') return res.end('ok');
  if (req.url !== '/metrics') return res.writeHead(404).end();
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 8000));
  Promise.race([collect(), timeout]).then(
    (body) => res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(body),
    (err) => {
      connected = false;
      admin.disconnect().catch(() => {});
      // Like the real exporter, report zero brokers when the cluster is unreachable.
      res
        .writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' })
        .end(`# ${String(err.message).replace(/\n/g, ' ')}\n# TYPE kafka_brokers gauge\nkafka_brokers 0\n`);
    },
  );
});
const [host, port] = [
  listen.slice(0, listen.lastIndexOf(':')),
  Number(listen.slice(listen.lastIndexOf(':') + 1)),
];
server.listen(port, host, () =>
  console.log(`kafka-exporter stand-in on http://${listen}/metrics (brokers ${brokers})`),
);
for (const s of ['SIGTERM', 'SIGINT'])
  process.on(s, () => server.close(() => admin.disconnect().finally(() => process.exit(0))));
