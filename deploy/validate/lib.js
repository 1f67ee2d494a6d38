'use strict';
// Shared helpers for the stack validators (CommonJS, Node >= 20).
// Needs the `yaml` package: a root devDependency, or else the one the services
// depend on.
const fs = require('node:fs');
const path = require('node:path');

const { resolvePackage } = require('../native/stack/resolve');

const REPO = path.resolve(__dirname, '..', '..');

function requireYaml() {
  return resolvePackage('yaml', ['services/collector', 'services/notifier']);
}

function readYaml(file) {
  const YAML = requireYaml();
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { merge: true, uniqueKeys: true });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS({ maxAliasCount: 1000 });
}

function listFiles(dir, ext) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(dir, f));
}

// Print problems and set the exit code; returns true when there were none.
function report(name, problems) {
  if (problems.length === 0) return true;
  for (const p of problems) console.error(`  ${name}: ${p}`);
  process.exitCode = 1;
  return false;
}

module.exports = { REPO, readYaml, listFiles, report, requireYaml };
