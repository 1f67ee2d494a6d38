#!/usr/bin/env node
'use strict';
// Every alert rule (alertname + severity) in prometheus/rules and
// prometheus/streaming-rules must be expected to fire in at least one
// promtool test (alert_rule_test with that alertname and a non-empty
// exp_alerts entry carrying that severity).
const path = require('node:path');
const { REPO, readYaml, listFiles, report } = require('./lib');

function alertRules(files) {
  const out = [];
  for (const f of files) {
    for (const g of readYaml(f).groups ?? []) {
      for (const r of g.rules ?? []) {
        if (r.alert)
          out.push({ file: path.relative(REPO, f), alertname: r.alert, severity: r.labels?.severity ?? '' });
      }
    }
  }
  return out;
}

function testedAlerts(testFiles) {
  const seen = new Set();
  for (const f of testFiles) {
    for (const t of readYaml(f).tests ?? []) {
      for (const a of t.alert_rule_test ?? []) {
        for (const e of a.exp_alerts ?? []) seen.add(`${a.alertname}/${e.exp_labels?.severity ?? ''}`);
      }
    }
  }
  return seen;
}

function checkCoverage(ruleFiles, testFiles) {
  const tested = testedAlerts(testFiles);
  const problems = [];
  for (const r of alertRules(ruleFiles)) {
    if (!r.severity) problems.push(`${r.file}: alert ${r.alertname} has no severity label`);
    if (!tested.has(`${r.alertname}/${r.severity}`)) {
      problems.push(
        `${r.file}: alert ${r.alertname} (severity=${r.severity}) is never expected to fire in prometheus/tests`,
      );
    }
  }
  return problems;
}

if (require.main === module) {
  const prom = path.join(REPO, 'prometheus');
  const rules = [
    ...listFiles(path.join(prom, 'rules'), '.yml'),
    ...listFiles(path.join(prom, 'streaming-rules'), '.yml'),
  ];
  const problems = checkCoverage(rules, listFiles(path.join(prom, 'tests'), '.yml'));
  if (report('rules-coverage', problems))
    console.log(`rules-coverage: ${alertRules(rules).length} alert rules, all tested`);
}

module.exports = { checkCoverage, alertRules };
