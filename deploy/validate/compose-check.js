#!/usr/bin/env node
'use strict';
// Semantic checks of docker-compose.yml beyond the compose-spec schema
// (which dclint checks): healthchecks, depends_on conditions, named volumes,
// published ports, secrets, .env.example coverage, and the four services'
// environment against their src/config.ts.
const fs = require('node:fs');
const path = require('node:path');
const { REPO, readYaml, report } = require('./lib');

const PUBLISHED = new Set(['grafana', 'prometheus', 'alertmanager', 'mailpit', 'collector']);
const BIND = '${BIND_ADDR:-127.0.0.1}:';
const STREAMWATCH_SERVICES = ['collector', 'rule-evaluator', 'notifier', 'health-check'];
const COMMON_ENV = ['HOST', 'LOG_LEVEL', 'SHUTDOWN_DEADLINE_MS', 'PORT'];
// Host paths that monitoring agents must see (node-exporter, cAdvisor).
const HOST_MOUNTS = /^\/(|var\/run|sys|var\/lib\/docker\/?|dev\/disk\/?)$/;

// Env var names a service's zod schema declares (top-level keys of z.object).
function configKeys(configTs) {
  const src = fs.readFileSync(configTs, 'utf8');
  return new Set([...src.matchAll(/^[ \t]+([A-Z][A-Z0-9_]*)\s*:/gm)].map((m) => m[1]));
}

function envVarsIn(text) {
  return new Set([...text.matchAll(/\$\{([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]));
}

function envExampleKeys(file) {
  return new Set([...fs.readFileSync(file, 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)].map((m) => m[1]));
}

function checkCompose(compose, { rawText = '', envExample = new Set(), serviceConfigs = {} } = {}) {
  const problems = [];
  if ('version' in compose) problems.push('top-level "version" is obsolete in the compose spec; remove it');
  const services = compose.services ?? {};
  const namedVolumes = new Set(Object.keys(compose.volumes ?? {}));
  const secrets = compose.secrets ?? {};

  for (const [name, svc] of Object.entries(services)) {
    const hc = svc.healthcheck;
    if (!hc || hc.disable || !hc.test || (Array.isArray(hc.test) && hc.test[0] === 'NONE')) {
      problems.push(`service ${name}: no healthcheck`);
    } else if (JSON.stringify(hc.test).includes('curl')) {
      problems.push(`service ${name}: healthcheck uses curl`);
    }

    const deps = svc.depends_on ?? {};
    if (Array.isArray(deps)) {
      if (deps.length)
        problems.push(`service ${name}: depends_on must use the long form with condition: service_healthy`);
    } else {
      for (const [dep, spec] of Object.entries(deps)) {
        if (!services[dep]) problems.push(`service ${name}: depends_on unknown service ${dep}`);
        if (spec?.condition !== 'service_healthy')
          problems.push(`service ${name}: depends_on ${dep} without condition: service_healthy`);
      }
    }

    for (const v of svc.volumes ?? []) {
      const spec = typeof v === 'string' ? v : `${v.source ?? ''}:${v.target}`;
      const [source] = spec.split(':');
      if (!spec.includes(':') || source === '')
        problems.push(`service ${name}: anonymous volume ${spec}; use a named volume`);
      else if (source.startsWith('./')) {
        if (!fs.existsSync(path.join(REPO, source)))
          problems.push(`service ${name}: bind source ${source} does not exist`);
      } else if (source.startsWith('/')) {
        if (!HOST_MOUNTS.test(source))
          problems.push(`service ${name}: host path ${source} mounted; use a named volume`);
      } else if (!namedVolumes.has(source))
        problems.push(`service ${name}: volume ${source} not declared under top-level volumes`);
    }

    const ports = svc.ports ?? [];
    if (ports.length && !PUBLISHED.has(name))
      problems.push(`service ${name}: publishes ports but only ${[...PUBLISHED].join(', ')} may`);
    for (const p of ports) {
      const s = typeof p === 'string' ? p : `${p.host_ip ?? ''}:${p.published}:${p.target}`;
      if (!s.startsWith(BIND)) problems.push(`service ${name}: port "${s}" must be published on ${BIND}...`);
    }

    for (const s of svc.secrets ?? []) {
      const src = typeof s === 'string' ? s : s.source;
      if (!secrets[src]) problems.push(`service ${name}: secret ${src} not declared under top-level secrets`);
    }

    if (name === 'grafana') {
      const env = svc.environment ?? {};
      if (!env.GF_SECURITY_ADMIN_PASSWORD__FILE)
        problems.push('grafana: GF_SECURITY_ADMIN_PASSWORD__FILE must point at the admin password secret');
      if (!String(svc.entrypoint ?? '').includes('streamwatch-entrypoint.sh'))
        problems.push('grafana: must start through grafana/entrypoint.sh (refuses default password)');
    }
  }

  for (const [name, s] of Object.entries(secrets)) {
    if (s.environment && !envExample.has(s.environment))
      problems.push(`secret ${name}: variable ${s.environment} missing from .env.example`);
    if (s.environment && !rawText.includes(`\${${s.environment}:?`))
      problems.push(
        `secret ${name}: ${s.environment} must be required with \${${s.environment}:?...} somewhere`,
      );
  }
  for (const v of envVarsIn(rawText)) {
    if (!envExample.has(v))
      problems.push(`variable ${v} is used in docker-compose.yml but not documented in .env.example`);
  }

  for (const [svcName, keys] of Object.entries(serviceConfigs)) {
    const env = services[svcName]?.environment;
    if (!env) {
      problems.push(`service ${svcName}: missing from compose or has no environment`);
      continue;
    }
    for (const k of Object.keys(env)) {
      const base = k.endsWith('_FILE') ? k.slice(0, -5) : k;
      if (!keys.has(k) && !keys.has(base) && !COMMON_ENV.includes(base)) {
        problems.push(`service ${svcName}: env ${k} is not read by services/${svcName}/src/config.ts`);
      }
    }
  }
  return problems;
}

if (require.main === module) {
  const file = path.join(REPO, 'docker-compose.yml');
  const serviceConfigs = {};
  for (const s of STREAMWATCH_SERVICES) {
    const f = path.join(REPO, 'services', s, 'src', 'config.ts');
    if (fs.existsSync(f)) serviceConfigs[s] = configKeys(f);
  }
  // The health-check's probes read the passwords named by password_env.
  const targets = path.join(REPO, 'services', 'health-check', 'config', 'targets.yml');
  if (serviceConfigs['health-check'] && fs.existsSync(targets)) {
    for (const m of fs.readFileSync(targets, 'utf8').matchAll(/password_env:\s*([A-Z_][A-Z0-9_]*)/g))
      serviceConfigs['health-check'].add(m[1]);
  }
  const problems = checkCompose(readYaml(file), {
    rawText: fs.readFileSync(file, 'utf8'),
    envExample: envExampleKeys(path.join(REPO, '.env.example')),
    serviceConfigs,
  });
  if (report('compose', problems))
    console.log(`compose: ${Object.keys(readYaml(file).services).length} services OK`);
}

module.exports = { checkCompose, configKeys };
