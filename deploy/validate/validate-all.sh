#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR/../..
# Validates the whole stack configuration offline (CI): Prometheus config and
# rules (promtool check + unit tests + every alert tested), Alertmanager config
# and routing (amtool), docker-compose.yml (compose-spec schema via dclint, and
# semantic checks), Grafana provisioning and dashboards (structure, unique
# uids, PromQL parsed by promtool), shell scripts (shellcheck, if installed),
# and the validators' own tests. Exits non-zero on any failure.
# Needs: promtool + amtool (Debian prometheus, prometheus-alertmanager; installed
# when missing), node >= 20, the root devDependency dclint, and `yaml` (root
# devDependency or the services' own dependency, after pnpm install).
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO" || exit 1
VALIDATE=deploy/validate
failed=()
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# step <name> <command...>: run quietly, print one line, show output on failure
step() {
  local name=$1; shift
  if "$@" >"$TMP/out" 2>&1; then
    printf 'ok    %s\n' "$name"
  else
    printf 'FAIL  %s\n' "$name"
    sed 's/^/      /' "$TMP/out" | tail -n 60
    failed+=("$name")
  fi
}

if ! command -v promtool >/dev/null || ! command -v amtool >/dev/null; then
  # shellcheck source=deploy/native/lib.sh
  (source deploy/native/lib.sh && apt_ensure prometheus prometheus-alertmanager) >"$TMP/apt" 2>&1 ||
    { cat "$TMP/apt"; echo "promtool/amtool missing and could not be installed" >&2; exit 1; }
fi
if ! node -e "require.resolve('dclint/package.json')" 2>/dev/null; then
  echo "FAIL  npm package 'dclint' is not installed at the repo root: pnpm add -Dw dclint@3.1.0" >&2
  exit 1
fi

# Prometheus: the config references rule and target files relatively, so it is
# checked in place, byte for byte the file compose and stack.sh load.
step 'promtool check config prometheus/prometheus.yml' promtool check config prometheus/prometheus.yml
step 'promtool check rules (rules + streaming-rules)' promtool check rules prometheus/rules/*.yml prometheus/streaming-rules/*.yml
step 'promtool test rules prometheus/tests/*.yml' promtool test rules prometheus/tests/*.yml
step 'every alert rule has a firing unit test' node $VALIDATE/rules-coverage.js
# The rule-evaluator must load the streaming rules and agree with promtool on
# their tests (its promtool-compatible test command; needs a built dist).
EVALUATOR_TEST=services/rule-evaluator/dist/cli/promtool-test.js
if [[ -f $EVALUATOR_TEST ]]; then
  step 'rule-evaluator test rules prometheus/tests/streaming.test.yml' node $EVALUATOR_TEST test rules prometheus/tests/streaming.test.yml
else
  echo "skip  rule-evaluator test rules (build services/rule-evaluator first)"
fi

# Alertmanager: a verbatim copy with a dummy token file where the relative
# credentials_file points, then routing expectations.
mkdir -p "$TMP/am/secrets"
cp deploy/alertmanager/alertmanager.yml "$TMP/am/alertmanager.yml"
echo dummy-token >"$TMP/am/secrets/notifier_webhook_token"
step 'amtool check-config deploy/alertmanager/alertmanager.yml' amtool check-config "$TMP/am/alertmanager.yml"
route_is() {  # <expected receiver> <label=value...>
  local want=$1 got; shift
  got=$(amtool config routes test --config.file="$TMP/am/alertmanager.yml" "$@" 2>/dev/null) || return 1
  [[ $got == "$want" ]] || { echo "labels $* routed to '$got', want '$want'"; return 1; }
}
routes_ok() {
  route_is notifier-streaming alertname=PaymentErrorsHigh severity=critical source=streamwatch-evaluator &&
    route_is notifier-critical alertname=ServiceDown severity=critical &&
    route_is notifier-warning alertname=HostHighCpu severity=warning &&
    route_is notifier-default alertname=Other
}
step 'alertmanager routes by severity and source' routes_ok

# Compose: schema (dclint ships the current compose-spec JSON schema; its style
# rules are off, see dclintrc.json) + our own semantic checks.
step 'docker-compose.yml against the compose-spec schema (dclint)' \
  node "$(node -p "require('path').dirname(require.resolve('dclint/package.json'))")/bin/dclint.cjs" \
  -c $VALIDATE/dclintrc.json --max-warnings 0 docker-compose.yml
step 'docker-compose.yml semantics (healthchecks, ports, secrets, env)' node $VALIDATE/compose-check.js

step 'grafana provisioning + dashboards (structure, uids, PromQL)' node $VALIDATE/dashboards-check.js

if command -v shellcheck >/dev/null; then
  step 'shellcheck' shellcheck -x deploy/native/*.sh deploy/validate/*.sh grafana/entrypoint.sh
fi
step 'validator tests (node --test)' node --test $VALIDATE/test/

if ((${#failed[@]})); then
  printf '\n%d check(s) failed: %s\n' "${#failed[@]}" "$(IFS=,; echo "${failed[*]}")"
  exit 1
fi
echo 'all stack validations passed'
