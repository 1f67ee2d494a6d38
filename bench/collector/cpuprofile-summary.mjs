// Summarises a V8 .cpuprofile (e.g. from BENCH_COLLECTOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof"):
// main-thread self time by bucket (ingest code, wire encoding, kafkajs, snappy, HTTP, GC, ...) and the top
// functions by self time. Native frames count toward the nearest JavaScript caller's bucket.
// Usage: node bench/collector/cpuprofile-summary.mjs <file.cpuprofile> [topN=25] [samplesAcked]
import { readFileSync } from 'node:fs';

const [file, topArg = '25', samplesArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const BUCKETS = [
  ['kafkajs', (u) => u.includes('kafkajs')],
  ['snappy', (u) => u.includes('snappy')],
  ['collector ingest', (u) => u.includes('collector/dist')],
  ['wire encoding (metrics-core)', (u) => /metrics-core\/dist\/(wire|kafka)/.test(u)],
  ['express / metrics / auth', (u) => /metrics-core\/dist|express|router|prom-client|pino/.test(u)],
  ['node http / net', (u) => /_http|node:net|stream/.test(u)],
  ['module loading', (u) => u.includes('modules')],
];
function bucketOf(node) {
  const f = node.callFrame.functionName;
  if (f === '(idle)') return 'idle';
  if (f === '(garbage collector)') return 'garbage collection';
  for (let n = node; n; n = byId.get(parent.get(n.id))) {
    const url = n.callFrame.url;
    if (!url) continue;
    return (BUCKETS.find(([, test]) => test(url)) ?? ['other (microtasks, timers, startup)'])[0];
  }
  return 'other (microtasks, timers, startup)';
}
const short = (url) =>
  url
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*\/(services|packages)\//, '$1/')
    .replace('file://', '');

const buckets = new Map();
const functions = new Map();
let busy = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const bucket = bucketOf(node);
  buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
  if (bucket !== 'idle') busy += us;
  const cf = node.callFrame;
  const fn = `${cf.functionName || '(anonymous)'} ${short(cf.url)}:${cf.lineNumber + 1}`;
  if (bucket !== 'idle') functions.set(fn, (functions.get(fn) ?? 0) + us);
}
const samples = Number(samplesArg);
const perSample = (us) => (samples ? `  ${(us / samples).toFixed(3)} µs/sample` : '');
console.log(`main thread busy ${(busy / 1e6).toFixed(2)} s${perSample(busy)}`);
for (const [name, us] of [...buckets].sort((a, b) => b[1] - a[1]))
  if (name !== 'idle')
    console.log(`${name.padEnd(30)} ${((100 * us) / busy).toFixed(1).padStart(5)}% of busy${perSample(us)}`);
console.log(`\ntop ${topArg} functions by self time (% of busy)`);
for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg)))
  console.log(`${((100 * us) / busy).toFixed(1).padStart(5)}%  ${fn}`);
