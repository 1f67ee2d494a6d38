#!/usr/bin/env node
'use strict';
// Runs every Grafana panel query against a live Prometheus and fails when one
// returns no data (or only NaN) over the last 15 minutes (a dead panel). Variables are
// resolved from Prometheus like Grafana would: "All" becomes .*, other
// variables take their first value. Dashboards tagged requires:<job> are
// skipped (and said so) when Prometheus has no target of that job, e.g. the
// cAdvisor dashboard on the native stack.
// Usage: dashboards-live.js <prometheus-url> [dashboards-dir]
const path = require('node:path');
const { loadDashboards, queriesOf, substitute, variableExpr } = require('./dashboards');

const [base = 'http://127.0.0.1:9090', dir = path.join(__dirname, '..', '..', 'grafana', 'dashboards')] =
  process.argv.slice(2);

async function api(p, params) {
  const url = `${base.replace(/\/$/, '')}/api/v1/${p}?${new URLSearchParams(params)}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(15000) });
  const body = await res.json().catch(() => ({}));
  if (body.status !== 'success') throw new Error(`${p}: ${body.error ?? res.status}`);
  return body.data;
}

async function variableValue(v) {
  if (v.includeAll || v.multi) return '.*';
  const q = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
  const m = /^\s*metrics\((.*)\)\s*$/.exec(q);
  if (m) {
    const re = new RegExp(m[1]);
    // Only names with a sample in the last 5 minutes: a name kept from an earlier run is no live panel.
    const r = await api('query', { query: `group by (__name__) ({__name__=~${JSON.stringify(m[1])}})` });
    return r.result
      .map((s) => s.metric.__name__)
      .filter((n) => re.test(n))
      .sort()[0];
  }
  const label = /,\s*(\w+)\s*\)\s*$/.exec(q)?.[1];
  const expr = variableExpr(q);
  if (!label || !expr) return undefined;
  const r = await api('query', { query: `group by (${label}) (${expr})` });
  return r.result.map((s) => s.metric[label]).sort()[0];
}

async function main() {
  const end = Date.now() / 1000;
  const failures = [];
  let checked = 0;
  for (const { file, json: d } of loadDashboards(dir)) {
    const required = (d.tags ?? [])
      .filter((t) => t.startsWith('requires:'))
      .map((t) => t.slice('requires:'.length));
    let skip = false;
    for (const job of required) {
      const up = await api('query', { query: `up{job="${job}"}` });
      if (up.result.length === 0) {
        console.log(`SKIP  ${file}: no ${job} target in this Prometheus`);
        skip = true;
      }
    }
    if (skip) continue;
    const values = {};
    for (const v of d.templating?.list ?? []) {
      values[v.name] = await variableValue(v);
      if (values[v.name] === undefined) failures.push(`${file}: variable $${v.name} has no value`);
    }
    for (const q of queriesOf(d)) {
      checked++;
      let expr;
      try {
        expr = substitute(q.expr, values);
        const r = await api('query_range', {
          query: expr,
          start: String(end - 900),
          end: String(end),
          step: '15',
        });
        if (!r.result.some((s) => (s.values ?? []).some(([, v]) => v !== 'NaN')))
          failures.push(`${file} "${q.title}" ${q.refId}: no data (or only NaN) for ${expr}`);
      } catch (err) {
        failures.push(`${file} "${q.title}" ${q.refId}: ${err.message} (${expr ?? q.expr})`);
      }
    }
  }
  for (const f of failures) console.error(`FAIL  ${f}`);
  console.log(
    `dashboards-live: ${checked - failures.length}/${checked} panel queries return data from ${base}`,
  );
  if (failures.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`dashboards-live: ${err.message}`);
  process.exit(1);
});
