#!/usr/bin/env node
'use strict';
// Offline checks of grafana/: dashboard structure, unique uids/titles/ids,
// datasources that exist in provisioning, dashboards in sync with
// grafana/generate-dashboards.js, and every panel/variable query parsed as
// PromQL by promtool (as recording rules, after substituting variables).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { REPO, readYaml, listFiles, report } = require('./lib');
const {
  loadDashboards,
  panelsOf,
  queriesOf,
  substitute,
  parseValues,
  variableExpr,
} = require('./dashboards');

const PANEL_TYPES = new Set(['timeseries', 'stat', 'gauge', 'table', 'row', 'text', 'bargauge']);

function checkStructure(dashboards, datasourceUids) {
  const problems = [];
  const uids = new Map();
  const titles = new Map();
  for (const { file, json: d } of dashboards) {
    const where = `grafana/dashboards/${file}`;
    if (typeof d.uid !== 'string' || !/^[a-zA-Z0-9_-]{1,40}$/.test(d.uid))
      problems.push(`${where}: missing or invalid uid`);
    if (uids.has(d.uid)) problems.push(`${where}: uid ${d.uid} also used by ${uids.get(d.uid)}`);
    uids.set(d.uid, file);
    if (!d.title) problems.push(`${where}: missing title`);
    if (titles.has(d.title))
      problems.push(`${where}: title "${d.title}" also used by ${titles.get(d.title)}`);
    titles.set(d.title, file);
    if (!Number.isInteger(d.schemaVersion)) problems.push(`${where}: missing schemaVersion`);
    if (!Array.isArray(d.panels) || d.panels.length === 0) problems.push(`${where}: no panels`);
    const ids = new Set();
    for (const p of panelsOf(d)) {
      const pw = `${where} panel ${p.id} "${p.title}"`;
      if (!Number.isInteger(p.id) || ids.has(p.id)) problems.push(`${pw}: missing or duplicate id`);
      ids.add(p.id);
      if (!PANEL_TYPES.has(p.type)) problems.push(`${pw}: unsupported type ${p.type}`);
      const g = p.gridPos ?? {};
      if (![g.x, g.y, g.w, g.h].every(Number.isInteger) || g.x + g.w > 24)
        problems.push(`${pw}: bad gridPos`);
      if (p.type === 'row' || p.type === 'text') continue;
      if (!datasourceUids.has(p.datasource?.uid))
        problems.push(`${pw}: datasource uid ${p.datasource?.uid} is not provisioned`);
      if (!Array.isArray(p.targets) || p.targets.length === 0) problems.push(`${pw}: no queries`);
      const refIds = new Set();
      for (const t of p.targets ?? []) {
        if (!t.expr || !t.refId || refIds.has(t.refId))
          problems.push(`${pw}: target without expr or with duplicate refId`);
        refIds.add(t.refId);
      }
    }
    for (const v of d.templating?.list ?? []) {
      if (!/^\w+$/.test(v.name ?? '')) problems.push(`${where}: variable with invalid name ${v.name}`);
    }
  }
  return problems;
}

// Every query as a recording rule; promtool parses them all.
function promqlRuleFile(dashboards) {
  const groups = [];
  const problems = [];
  for (const { file, json: d } of dashboards) {
    const values = parseValues(d);
    const rules = [];
    const add = (name, expr) => {
      try {
        rules.push({ record: name, expr: substitute(expr, values) });
      } catch (err) {
        problems.push(`grafana/dashboards/${file} ${name}: ${err.message}`);
      }
    };
    for (const q of queriesOf(d)) add(`panel_${q.panelId}_${q.refId}`, q.expr);
    for (const v of d.templating?.list ?? []) {
      const e = variableExpr(v.query);
      if (e) add(`variable_${v.name}`, e);
    }
    groups.push({ name: file, rules });
  }
  return { yaml: JSON.stringify({ groups }, null, 1), problems };
}

function promtoolParse(ruleFileText) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-dash-'));
  const f = path.join(dir, 'dashboard-queries.yml');
  fs.writeFileSync(f, ruleFileText);
  try {
    execFileSync('promtool', ['check', 'rules', f], { stdio: 'pipe' });
    return [];
  } catch (err) {
    return [`promtool could not parse dashboard queries:\n${String(err.stdout)}${String(err.stderr)}`];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function checkGeneratorSync(grafanaDir) {
  const gen = path.join(grafanaDir, 'generate-dashboards.js');
  if (!fs.existsSync(gen)) return [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-gen-'));
  try {
    execFileSync(process.execPath, [gen, dir], { stdio: 'pipe' });
    const problems = [];
    for (const f of fs.readdirSync(dir)) {
      const committed = path.join(grafanaDir, 'dashboards', f);
      if (
        !fs.existsSync(committed) ||
        fs.readFileSync(committed, 'utf8') !== fs.readFileSync(path.join(dir, f), 'utf8')
      ) {
        problems.push(
          `grafana/dashboards/${f} differs from generate-dashboards.js output; run: node grafana/generate-dashboards.js`,
        );
      }
    }
    return problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function provisionedDatasourceUids(grafanaDir) {
  const uids = new Set();
  for (const f of listFiles(path.join(grafanaDir, 'provisioning', 'datasources'), '.yml')) {
    for (const ds of readYaml(f).datasources ?? []) uids.add(ds.uid);
  }
  return uids;
}

function checkProvisioning(grafanaDir) {
  const problems = [];
  for (const f of listFiles(path.join(grafanaDir, 'provisioning', 'dashboards'), '.yml')) {
    for (const p of readYaml(f).providers ?? []) {
      if (p.type !== 'file' || !p.options?.path)
        problems.push(`${path.basename(f)}: provider ${p.name} must be type: file with options.path`);
    }
  }
  for (const f of listFiles(path.join(grafanaDir, 'provisioning', 'datasources'), '.yml')) {
    for (const ds of readYaml(f).datasources ?? []) {
      if (!ds.uid || !ds.url || !ds.type)
        problems.push(`${path.basename(f)}: datasource ${ds.name} needs uid, type and url`);
    }
  }
  return problems;
}

if (require.main === module) {
  const grafanaDir = path.join(REPO, 'grafana');
  const dashboards = loadDashboards(path.join(grafanaDir, 'dashboards'));
  const { yaml, problems: substProblems } = promqlRuleFile(dashboards);
  const problems = [
    ...checkProvisioning(grafanaDir),
    ...checkStructure(dashboards, provisionedDatasourceUids(grafanaDir)),
    ...checkGeneratorSync(grafanaDir),
    ...substProblems,
    ...promtoolParse(yaml),
  ];
  const nq = dashboards.reduce((n, d) => n + queriesOf(d.json).length, 0);
  if (report('dashboards', problems))
    console.log(`dashboards: ${dashboards.length} dashboards, ${nq} queries parsed OK`);
}

module.exports = { checkStructure, promqlRuleFile, promtoolParse, checkGeneratorSync };
