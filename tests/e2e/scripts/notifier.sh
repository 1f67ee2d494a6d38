#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Restarts the native stack's notifier (deploy/native/stack.sh up must have run)
# with the environment stack.sh gives it, except RECEIVERS_FILE:
#
#   notifier.sh webhook <url>   receivers of tests/e2e/config/notifier-receivers.yml:
#                               the stack's e-mail channels plus a webhook to <url>
#   notifier.sh stock           the stack's own receivers again (what stack.sh starts)
#
# stack.sh derives the notifier's environment from docker-compose.yml, where
# RECEIVERS_FILE is fixed, so there is no knob to add a webhook channel; this
# script is that knob. The pid goes to the stack's pid file, so
# `deploy/native/stack.sh down` stops this notifier like its own.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../../deploy/native/lib.sh
source "$HERE/../../../deploy/native/lib.sh"

PORT=8082
MAIN=$REPO_ROOT/services/notifier/dist/main.js

usage() { sed -n '3,10{s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2; exit 2; }

mode=${1:-}
extra=()
case $mode in
  webhook)
    [[ -n ${2:-} ]] || usage
    extra=(RECEIVERS_FILE="$REPO_ROOT/tests/e2e/config/notifier-receivers.yml" E2E_WEBHOOK_URL="$2")
    ;;
  stock) ;;
  *) usage ;;
esac
[[ -f $MAIN ]] || die "notifier: $MAIN not built (run: pnpm build)"

if pid=$(running_pid notifier); then
  terminate_pid "$pid" 20 || die "notifier: pid $pid would not stop"
fi
wait_port_free "$PORT" 10 || die "notifier: port $PORT still in use ($(describe_pid "$(port_owner_pid "$PORT")"))"

# Exactly the environment deploy/native/stack.sh (start_services) gives it.
mapfile -t envs < <(POSTGRES_PASSWORD=$(secret postgres_password) REDIS_PASSWORD=$(secret redis_password) \
  COLLECTOR_INGEST_TOKEN=$(secret collector_ingest_token) NOTIFIER_WEBHOOK_TOKEN=$(secret notifier_webhook_token) \
  NOTIFIER_API_TOKEN=$(secret notifier_api_token) RULE_EVALUATOR_API_TOKEN=$(secret rule_evaluator_api_token) \
  node "$NATIVE_DIR/stack/compose-env.js" notifier "$STATE/secrets")
((${#envs[@]})) || die "notifier: empty environment from docker-compose.yml"

mkdir -p "$STATE/stack/run/notifier"
spawn notifier "$STATE/stack/run/notifier" env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production \
  "${envs[@]}" "${extra[@]}" HOST="$HOST" node "$MAIN"

for ((i = 0; i < 300; i++)); do
  http_ok "http://$HOST:$PORT/health/ready" 2>/dev/null && { log "notifier: ready ($mode receivers)"; exit 0; }
  is_running notifier || break
  sleep 0.2
done
show_log_tail notifier 30
die "notifier: not ready within 60 s ($mode receivers)"
