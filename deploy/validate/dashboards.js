'use strict';
// Reading Grafana dashboards: their panel queries and variables, and turning
// a query into concrete PromQL by substituting Grafana's variables.
const fs = require('node:fs');
const path = require('node:path');

function loadDashboards(dir) {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f, json: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) }));
}

// Panels, flattening collapsed rows.
function panelsOf(dashboard) {
  const out = [];
  for (const p of dashboard.panels ?? []) {
    out.push(p);
    if (p.type === 'row') out.push(...(p.panels ?? []));
  }
  return out;
}

function queriesOf(dashboard) {
  const out = [];
  for (const p of panelsOf(dashboard)) {
    if (p.type === 'row') continue;
    for (const t of p.targets ?? []) {
      if (t.hide) continue;
      out.push({ panelId: p.id, title: p.title, refId: t.refId, expr: t.expr });
    }
  }
  return out;
}

const BUILTINS = {
  __rate_interval: '1m',
  __interval: '30s',
  __range: '1h',
  __range_s: '3600',
  __interval_ms: '30000',
};

// Replace $var, ${var}, ${var:fmt} and [[var]] with values[var] (or built-ins).
function substitute(expr, values) {
  const lookup = (name) => {
    const v = values[name] ?? BUILTINS[name];
    if (v === undefined) throw new Error(`unknown variable $${name}`);
    return v;
  };
  return expr
    .replace(/\$\{(\w+)(?::\w+)?\}/g, (_, n) => lookup(n))
    .replace(/\[\[(\w+)\]\]/g, (_, n) => lookup(n))
    .replace(/\$(\w+)/g, (_, n) => lookup(n));
}

// Values good enough to parse: "All"-capable variables become the regex ".*",
// single-valued ones a valid metric/label name.
function parseValues(dashboard) {
  const values = {};
  for (const v of dashboard.templating?.list ?? []) {
    values[v.name] = v.includeAll || v.multi ? '.*' : 'placeholder_value';
  }
  return values;
}

// The PromQL inside a variable query (label_values(expr, label) or
// query_result(expr)); undefined for metrics(regex) and plain label_values(label).
function variableExpr(query) {
  const q = typeof query === 'string' ? query : (query?.query ?? '');
  let m = /^\s*label_values\(\s*(.+),\s*\w+\s*\)\s*$/s.exec(q);
  if (m) return m[1];
  m = /^\s*query_result\((.+)\)\s*$/s.exec(q);
  return m ? m[1] : undefined;
}

module.exports = { loadDashboards, panelsOf, queriesOf, substitute, parseValues, variableExpr };
