'use strict';
// Alertmanager inhibition of deploy/alertmanager/alertmanager.yml applied to
// the alerts of one outage (amtool cannot test inhibit_rules): PostgreSQL down
// must leave exactly one critical alert un-inhibited.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { REPO, readYaml } = require('../lib');

/** Parses `name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`. */
function matcher(text) {
  const m = /^\s*(\w+)\s*(=~|!~|!=|=)\s*"(.*)"\s*$/.exec(text);
  if (!m) throw new Error(`unsupported matcher ${text}`);
  const [, name, op, value] = m;
  const re = new RegExp(`^(?:${value})$`);
  return (labels) => {
    const v = labels[name] ?? '';
    if (op === '=') return v === value;
    if (op === '!=') return v !== value;
    if (op === '=~') return re.test(v);
    return !re.test(v);
  };
}

/** Alertmanager semantics: a target alert is inhibited by a different firing source alert. */
function uninhibited(config, alerts) {
  const rules = (config.inhibit_rules ?? []).map((r) => ({
    source: (r.source_matchers ?? []).map(matcher),
    target: (r.target_matchers ?? []).map(matcher),
    equal: r.equal ?? [],
  }));
  const all = (ms, a) => ms.every((m) => m(a));
  return alerts.filter(
    (t) =>
      !rules.some(
        (r) =>
          all(r.target, t) &&
          alerts.some(
            (s) => s !== t && all(r.source, s) && r.equal.every((l) => (s[l] ?? '') === (t[l] ?? '')),
          ),
      ),
  );
}

const config = () => readYaml(path.join(REPO, 'deploy/alertmanager/alertmanager.yml'));
const probeFailed = (target, type) => ({
  alertname: 'ProbeFailed',
  severity: 'critical',
  source: 'streamwatch-evaluator',
  target,
  type,
});

test('inhibition: PostgreSQL down pages once', () => {
  // What the rules fire with postgres down: ProbeFailed for postgres only (rule-evaluator and
  // notifier are blocked by it, see prometheus/tests/streaming.test.yml) and PostgresDown.
  const alerts = [
    probeFailed('postgres', 'postgres'),
    { alertname: 'PostgresDown', severity: 'critical', instance: 'postgres-exporter:9187', job: 'postgres' },
  ];
  const left = uninhibited(config(), alerts).filter((a) => a.severity === 'critical');
  assert.deepEqual(
    left.map((a) => a.alertname),
    ['ProbeFailed'],
  );
});

test('inhibition: without the health-check, PostgresDown and RedisDown still page', () => {
  const alerts = [
    { alertname: 'PostgresDown', severity: 'critical', instance: 'postgres-exporter:9187' },
    { alertname: 'RedisDown', severity: 'critical', instance: 'redis-exporter:9121' },
    probeFailed('notifier', 'http'),
  ];
  assert.equal(uninhibited(config(), alerts).length, 3);
  const redisDown = [probeFailed('redis', 'redis'), alerts[1]];
  assert.deepEqual(
    uninhibited(config(), redisDown).map((a) => a.alertname),
    ['ProbeFailed'],
  );
});
