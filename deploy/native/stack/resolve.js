'use strict';
// Resolve a package the way the workspace does even when it is not a root
// dependency: first from here, then from the workspace package that depends
// on it (e.g. yaml from the services, kafkajs from metrics-core).
const path = require('node:path');
const { createRequire } = require('node:module');

const REPO = path.resolve(__dirname, '..', '..', '..');

function resolvePackage(name, fromPackages) {
  try {
    return require(name);
  } catch {
    for (const p of fromPackages) {
      try {
        return createRequire(path.join(REPO, p, 'package.json'))(name);
      } catch {
        // try the next one
      }
    }
  }
  throw new Error(`cannot load npm package '${name}' (run pnpm install at the repo root)`);
}

module.exports = { REPO, resolvePackage };
