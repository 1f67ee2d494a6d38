'use strict';
// The native stack's health-check targets: docker-compose's file minus what
// the native stack does not run, so it never pages for Grafana.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { REPO, resolvePackage } = require('../../native/stack/resolve');
const { nativeTargets } = require('../../native/stack/native-targets');

const YAML = resolvePackage('yaml', ['services/collector', 'services/notifier']);
const composeTargets = () =>
  YAML.parse(fs.readFileSync(path.join(REPO, 'services/health-check/config/targets.yml'), 'utf8'));
const stackHostNames = () => {
  const sh = fs.readFileSync(path.join(REPO, 'deploy/native/stack.sh'), 'utf8');
  return sh.match(/^HOST_NAMES='([^']*)'/m)[1].split(/\s+/);
};

test('native targets: only what stack.sh runs, Grafana left out', () => {
  const { doc, dropped } = nativeTargets(composeTargets(), stackHostNames());
  assert.deepEqual(dropped, ['grafana']);
  const names = doc.targets.map((t) => t.name);
  assert.ok(!names.includes('grafana'));
  for (const n of ['kafka', 'redis', 'postgres', 'collector', 'rule-evaluator', 'notifier', 'health-check'])
    assert.ok(names.includes(n), n);
});

test('native targets: depends_on on a dropped target is dropped, docker-compose keeps Grafana', () => {
  const doc = {
    targets: [
      { name: 'grafana', type: 'http', url: 'http://grafana:3000/api/health' },
      { name: 'api', type: 'http', url: 'http://api:1/', depends_on: ['grafana', 'db'] },
      { name: 'db', type: 'postgres', address: 'db:5432' },
      { name: 'dns', type: 'dns', query: 'example.org' },
    ],
  };
  const out = nativeTargets(doc, ['api', 'db']);
  assert.deepEqual(out.dropped, ['grafana']);
  assert.deepEqual(
    out.doc.targets.map((t) => [t.name, t.depends_on]),
    [
      ['api', ['db']],
      ['db', undefined],
      ['dns', undefined],
    ],
  );
  assert.ok(composeTargets().targets.some((t) => t.name === 'grafana'));
});

test('native targets: stack.sh gives the health-check the generated file', () => {
  const sh = fs.readFileSync(path.join(REPO, 'deploy/native/stack.sh'), 'utf8');
  assert.match(sh, /\[\[ \$s == health-check \]\] && envs\+=\("TARGETS_FILE=\$\(native_targets_file /);
  assert.match(sh, /node "\$NATIVE_DIR\/stack\/native-targets\.js" "\$src" "\$out" \$HOST_NAMES/);
});
