#!/usr/bin/env node
'use strict';
// Prints the environment docker-compose.yml gives <service>, for the native
// stack: ${VAR:-default} / ${VAR:?msg} interpolated from our environment,
// /run/secrets/<name> mapped to <secrets-dir>/<name>, and container paths of
// the service's bind mounts mapped back to the repository. One KEY=VALUE per
// line (values never contain newlines).
// Usage: compose-env.js <service> <secrets-dir>
const fs = require('node:fs');
const path = require('node:path');
const { REPO, resolvePackage } = require('./resolve');

function interpolate(value, env) {
  return String(value).replace(/\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g, (_, name, op, arg) => {
    const v = env[name];
    if (op === ':-' || op === '-') return v === undefined || (op === ':-' && v === '') ? arg : v;
    if (op === ':?' || op === '?') {
      if (v === undefined || (op === ':?' && v === '')) throw new Error(`${name}: ${arg}`);
      return v;
    }
    return v ?? '';
  });
}

function composeEnv(compose, service, secretsDir, env) {
  const svc = compose.services?.[service];
  if (!svc) throw new Error(`no service ${service} in docker-compose.yml`);
  const mounts = [];
  for (const v of svc.volumes ?? []) {
    const [src, target] = String(v).split(':');
    if (src.startsWith('./')) mounts.push([target, path.join(REPO, src)]);
  }
  const out = {};
  for (const [k, raw] of Object.entries(svc.environment ?? {})) {
    let value = interpolate(raw, env);
    if (value.startsWith('/run/secrets/')) value = path.join(secretsDir, value.slice('/run/secrets/'.length));
    for (const [target, host] of mounts) {
      if (value === target || value.startsWith(`${target}/`)) value = host + value.slice(target.length);
    }
    if (value.includes('\n')) throw new Error(`${k}: value contains a newline`);
    out[k] = value;
  }
  return out;
}

if (require.main === module) {
  const [service, secretsDir] = process.argv.slice(2);
  if (!service || !secretsDir) {
    console.error('usage: compose-env.js <service> <secrets-dir>');
    process.exit(2);
  }
  const YAML = resolvePackage('yaml', ['services/collector', 'services/notifier']);
  const compose = YAML.parse(fs.readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true });
  try {
    for (const [k, v] of Object.entries(composeEnv(compose, service, secretsDir, process.env)))
      console.log(`${k}=${v}`);
  } catch (err) {
    console.error(`compose-env: ${service}: ${err.message}`);
    process.exit(1);
  }
}

module.exports = { composeEnv, interpolate };
