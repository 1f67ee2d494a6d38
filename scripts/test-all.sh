#!/usr/bin/env bash
# The one command that installs what is missing on a Debian machine and runs every test:
# build, typecheck, lint, unit tests, then the real infrastructure and the integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

phase_start=$SECONDS
phase() {
  printf '[test:all] %-28s %4ss\n' "$1" "$((SECONDS - phase_start))" >&2
  phase_start=$SECONDS
}

# 1. Toolchain: the pnpm version pinned in package.json.
pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$pnpm_version" ]; then
  npm install -g "pnpm@$pnpm_version" >/dev/null
fi
phase "toolchain"

# 2. Debian packages the tests use beyond the infrastructure (deploy/native/infra.sh installs its own).
apt_packages=(chromium)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
phase "apt packages"

# 3. Node dependencies, reusing the local pnpm store.
pnpm install --frozen-lockfile --prefer-offline --reporter=silent
phase "pnpm install"

export STREAMWATCH_TEST_RESULTS_DIR="$ROOT/.native/test-results"
rm -rf "$STREAMWATCH_TEST_RESULTS_DIR"
mkdir -p "$STREAMWATCH_TEST_RESULTS_DIR"

# 4. Static checks and unit tests.
pnpm exec turbo run build typecheck lint test --output-logs=errors-only
pnpm run --silent lint:scripts
pnpm run --silent format:check
phase "build+typecheck+lint+unit"

# 5. Real infrastructure on loopback: Kafka, PostgreSQL, Redis, Prometheus, Alertmanager, node-exporter.
#    What this run starts, it stops again at the end; a developer's running infrastructure is left as it was.
if ! bash deploy/native/infra.sh status 2>/dev/null | grep -q ' running '; then
  trap 'bash deploy/native/infra.sh down >/dev/null 2>&1 || true' EXIT
fi
bash deploy/native/infra.sh up
phase "infrastructure up"

# 6. Integration tests against it, one package at a time (they share the broker and the database).
pnpm exec turbo run test:int --concurrency=1 --output-logs=errors-only
phase "integration tests"

# 7. Stack configuration and conformance suites, where present.
for script in deploy/validate/validate-all.sh services/rule-evaluator/conformance/run.sh; do
  if [ -f "$script" ]; then
    bash "$script"
    phase "$(basename "$(dirname "$script")")/$(basename "$script")"
  fi
done

# 8. End to end on the native stack (deploy/native/stack.sh up ... down): the streaming, Prometheus and
#    health alert paths to a real SMTP server and a webhook sink.
E2E_SKIP_BUILD=1 bash tests/e2e/run.sh
phase "end-to-end"

node scripts/test-summary.js "$STREAMWATCH_TEST_RESULTS_DIR"
