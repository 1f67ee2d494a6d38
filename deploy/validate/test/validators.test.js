'use strict';
// Tests of the stack validators: each must reject what it exists to catch.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkCompose } = require('../compose-check');
const { checkStructure, promqlRuleFile, promtoolParse } = require('../dashboards-check');
const { checkCoverage } = require('../rules-coverage');
const { substitute, variableExpr } = require('../dashboards');

const hc = { test: ['CMD', 'true'] };
const good = () => ({
  services: {
    grafana: {
      entrypoint: ['/bin/sh', '/etc/grafana/streamwatch-entrypoint.sh'],
      environment: { GF_SECURITY_ADMIN_PASSWORD__FILE: '/run/secrets/p' },
      ports: ['${BIND_ADDR:-127.0.0.1}:3000:3000'],
      volumes: ['grafana-data:/var/lib/grafana'],
      healthcheck: hc,
      depends_on: { redis: { condition: 'service_healthy' } },
    },
    redis: { healthcheck: hc, secrets: ['p'] },
  },
  volumes: { 'grafana-data': null },
  secrets: { p: { environment: 'P' } },
});
const opts = { rawText: '${P:?x}', envExample: new Set(['P', 'BIND_ADDR']) };

test('compose: a sound file passes', () => {
  assert.deepEqual(checkCompose(good(), opts), []);
});

test('compose: each violation is reported', () => {
  const cases = [
    [(c) => (c.version = '3.8'), /version/],
    [(c) => delete c.services.redis.healthcheck, /redis: no healthcheck/],
    [(c) => (c.services.redis.healthcheck = { test: ['CMD', 'curl', '-f', 'x'] }), /curl/],
    [(c) => (c.services.grafana.depends_on = ['redis']), /long form/],
    [(c) => (c.services.grafana.depends_on.redis.condition = 'service_started'), /service_healthy/],
    [(c) => (c.services.redis.ports = ['${BIND_ADDR:-127.0.0.1}:6379:6379']), /only .* may/],
    [(c) => (c.services.grafana.ports = ['3000:3000']), /must be published on/],
    [(c) => c.services.grafana.volumes.push('/var/lib/grafana-extra'), /anonymous volume/],
    [(c) => c.services.grafana.volumes.push('undeclared:/x'), /not declared/],
    [(c) => (c.services.redis.secrets = ['nope']), /secret nope/],
    [
      (c) => delete c.services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD__FILE,
      /GF_SECURITY_ADMIN_PASSWORD__FILE/,
    ],
  ];
  for (const [mutate, want] of cases) {
    const c = good();
    mutate(c);
    const problems = checkCompose(c, opts);
    assert.ok(
      problems.some((p) => want.test(p)),
      `expected ${want} in ${JSON.stringify(problems)}`,
    );
  }
});

test('compose: secrets and variables must be documented and required', () => {
  assert.ok(
    checkCompose(good(), { ...opts, envExample: new Set(['BIND_ADDR']) }).some((p) =>
      /\.env\.example/.test(p),
    ),
  );
  assert.ok(checkCompose(good(), { ...opts, rawText: '' }).some((p) => /must be required/.test(p)));
});

test('compose: service env must be read by its config.ts', () => {
  const c = good();
  c.services.collector = {
    healthcheck: hc,
    environment: { KAFKA_BROKERS: 'k', TYPO_VAR: '1', INGEST_TOKEN_FILE: '/x' },
  };
  const problems = checkCompose(c, {
    ...opts,
    serviceConfigs: { collector: new Set(['KAFKA_BROKERS', 'INGEST_TOKEN']) },
  });
  assert.deepEqual(problems, [
    'service collector: env TYPO_VAR is not read by services/collector/src/config.ts',
  ]);
});

const dash = (uid, expr = 'up') => ({
  file: `${uid}.json`,
  json: {
    uid,
    title: uid,
    schemaVersion: 39,
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 't',
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        datasource: { uid: 'prometheus' },
        targets: [{ refId: 'A', expr }],
      },
    ],
  },
});

test('dashboards: duplicate uids, unknown datasources and panel types are reported', () => {
  const ds = new Set(['prometheus']);
  assert.deepEqual(checkStructure([dash('a'), dash('b')], ds), []);
  assert.ok(checkStructure([dash('a'), dash('a')], ds).some((p) => /uid a also used/.test(p)));
  assert.ok(checkStructure([dash('a')], new Set(['other'])).some((p) => /not provisioned/.test(p)));
  const bad = dash('c');
  bad.json.panels[0].type = 'graph';
  assert.ok(checkStructure([bad], ds).some((p) => /unsupported type graph/.test(p)));
});

test('dashboards: variables are substituted before parsing', () => {
  assert.equal(substitute('rate(x{job=~"$job"}[$__rate_interval])', { job: '.*' }), 'rate(x{job=~".*"}[1m])');
  assert.equal(substitute('{__name__="${metric}"}', { metric: 'm' }), '{__name__="m"}');
  assert.throws(() => substitute('x{a="$nope"}', {}), /unknown variable \$nope/);
  assert.equal(variableExpr('label_values(up{job="x"}, instance)'), 'up{job="x"}');
  assert.equal(variableExpr('metrics(^orders_.+)'), undefined);
});

test(
  'dashboards: promtool rejects a broken panel query and accepts a good one',
  { skip: !hasPromtool() },
  () => {
    assert.deepEqual(
      promtoolParse(promqlRuleFile([dash('ok', 'sum by (job) (rate(up[$__rate_interval]))')]).yaml),
      [],
    );
    const problems = promtoolParse(promqlRuleFile([dash('bad', 'sum by (job (rate(up[5m]))')]).yaml);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /panel_1_A|parse error/);
  },
);

test('rules coverage: an alert without a firing test is reported', { skip: !hasYaml() }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-cov-'));
  const rules = path.join(dir, 'r.yml');
  const tests = path.join(dir, 't.yml');
  fs.writeFileSync(
    rules,
    'groups: [{name: g, rules: [{alert: A, expr: up == 0, labels: {severity: warning}}, {alert: B, expr: up == 0, labels: {severity: critical}}]}]\n',
  );
  fs.writeFileSync(
    tests,
    'tests: [{alert_rule_test: [{alertname: A, exp_alerts: [{exp_labels: {severity: warning}}]}, {alertname: B, exp_alerts: []}]}]\n',
  );
  try {
    const problems = checkCoverage([rules], [tests]);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /alert B \(severity=critical\) is never expected to fire/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function hasPromtool() {
  return require('node:child_process').spawnSync('promtool', ['--version']).status === 0;
}
function hasYaml() {
  try {
    require('../lib').requireYaml();
    return true;
  } catch {
    return false;
  }
}
