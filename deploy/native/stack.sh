#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The whole Streamwatch stack on 127.0.0.1 without Docker, with the same
# configuration as docker-compose.yml (all but Grafana and cAdvisor):
#
#   stack.sh up       infra (infra.sh up), project Prometheus + Alertmanager,
#                     exporters, SMTP sink, and every service with a built dist/main.js
#   stack.sh down     stop what `up` started and restore the infra Prometheus/Alertmanager
#   stack.sh status   one line per component, then Prometheus target health
#
# Compose service names resolve to 127.0.0.1 through a marked block in
# /etc/hosts. Prometheus and Alertmanager load byte-identical copies of
# prometheus/ and deploy/alertmanager/alertmanager.yml from $STATE/stack/ (the
# copy of prometheus/targets/cadvisor.yml lists no target: there is no cAdvisor
# here). They replace the infra ones on the same ports, with the remote-write
# receiver still on. See docs/stack.md.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

STACK=$STATE/stack
HOSTS_FILE=${STREAMWATCH_HOSTS_FILE:-/etc/hosts}
HOSTS_BEGIN='# BEGIN streamwatch-stack (deploy/native/stack.sh)'
HOSTS_END='# END streamwatch-stack'
HOST_NAMES='kafka postgres redis prometheus alertmanager node-exporter collector rule-evaluator notifier health-check redis-exporter postgres-exporter kafka-exporter mailpit'
SERVICES=(collector rule-evaluator notifier health-check)
declare -A SERVICE_PORT=([collector]=8080 [rule-evaluator]=8081 [notifier]=8082 [health-check]=8083)
EXTRAS=(redis-exporter postgres-exporter kafka-exporter mailpit)
declare -A EXTRA_PORT=([redis-exporter]=9121 [postgres-exporter]=9187 [kafka-exporter]=9308 [mailpit]=8025)
READY_TIMEOUT=${STACK_TIMEOUT:-90}

slog() { printf '[stack] %s\n' "$*" >&2; }

usage() {
  sed -n '3,/^[^#]/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}

# ------------------------------------------------------------- /etc/hosts --
hosts_add() {
  local want; want=$(printf '%s\n127.0.0.1 %s\n%s' "$HOSTS_BEGIN" "$HOST_NAMES" "$HOSTS_END")
  if grep -qF "$HOSTS_BEGIN" "$HOSTS_FILE" 2>/dev/null; then
    [[ $(hosts_block p) == "$want" ]] && return 0
    hosts_remove
  fi
  [[ -w $HOSTS_FILE ]] || die "cannot write $HOSTS_FILE; add this line yourself: 127.0.0.1 $HOST_NAMES"
  printf '%s\n' "$want" >>"$HOSTS_FILE"
  slog "added compose host names to $HOSTS_FILE"
}

# hosts_block p|d: print only our marked block (p) or everything but it (d)
hosts_block() {
  awk -v b="$HOSTS_BEGIN" -v e="$HOSTS_END" -v mode="$1" '
    $0 == b { inside = 1 }
    (mode == "p") == (inside == 1) { print }
    $0 == e { inside = 0 }' "$HOSTS_FILE"
}

hosts_remove() {
  grep -qF "$HOSTS_BEGIN" "$HOSTS_FILE" 2>/dev/null || return 0
  local tmp; tmp=$(hosts_block d)
  # rewrite in place (/etc/hosts may be a bind mount that cannot be replaced)
  printf '%s\n' "$tmp" >"$HOSTS_FILE"
}

# ----------------------------------------------------------------- config --
# Verbatim copies of the project configs (checked with cmp) + secrets.
prepare_configs() {
  rm -rf "$STACK/prometheus" "$STACK/alertmanager"
  mkdir -p "$STACK"/{prometheus,alertmanager/secrets,mail,run}
  cp -r "$REPO_ROOT/prometheus/prometheus.yml" "$REPO_ROOT/prometheus/rules" "$REPO_ROOT/prometheus/targets" "$STACK/prometheus/"
  printf '# deploy/native/stack.sh: no cAdvisor in the native stack\n[]\n' >"$STACK/prometheus/targets/cadvisor.yml"
  cp "$REPO_ROOT/deploy/alertmanager/alertmanager.yml" "$STACK/alertmanager/alertmanager.yml"
  if ! cmp -s "$REPO_ROOT/prometheus/prometheus.yml" "$STACK/prometheus/prometheus.yml" ||
    ! cmp -s "$REPO_ROOT/deploy/alertmanager/alertmanager.yml" "$STACK/alertmanager/alertmanager.yml"; then
    die "config copies differ from the repository"
  fi
  secret collector_ingest_token >/dev/null
  secret notifier_webhook_token >/dev/null
  secret notifier_api_token >/dev/null
  secret rule_evaluator_api_token >/dev/null
  (umask 077 && cp "$STATE/secrets/notifier_webhook_token" "$STACK/alertmanager/secrets/notifier_webhook_token")
  chmod 700 "$STACK/alertmanager/secrets"
}

# ------------------------------------------------- prometheus/alertmanager --
ours() {  # <component>: running and started by stack.sh (config under $STACK)
  local pid; pid=$(running_pid "$1") || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--config.file=$STACK/"
}

start_monitoring() {
  local c
  for c in prometheus alertmanager; do
    if is_running "$c" && ! ours "$c"; then
      slog "$c: stopping the infra instance to start the project one on the same port"
      "$NATIVE_DIR/infra.sh" down "$c"
    fi
  done
  if ours alertmanager; then
    curl -fsS -X POST --max-time 10 "http://$HOST:$ALERTMANAGER_PORT/-/reload" >/dev/null || slog "alertmanager: reload failed"
  else
    port_open "$ALERTMANAGER_PORT" && die "port $ALERTMANAGER_PORT is in use ($(describe_pid "$(port_owner_pid "$ALERTMANAGER_PORT")"))"
    launch_alertmanager "$STACK/alertmanager/alertmanager.yml" --web.external-url="http://alertmanager:$ALERTMANAGER_PORT"
  fi
  if ours prometheus; then
    prometheus_reload || slog "prometheus: reload failed"
  else
    port_open "$PROMETHEUS_PORT" && die "port $PROMETHEUS_PORT is in use ($(describe_pid "$(port_owner_pid "$PROMETHEUS_PORT")"))"
    launch_prometheus "$STACK/prometheus/prometheus.yml" \
      --storage.tsdb.retention.time=30d --storage.tsdb.retention.size=10GB \
      --web.external-url="http://prometheus:$PROMETHEUS_PORT"
  fi
  wait_ready alertmanager 60 http_ok "http://$HOST:$ALERTMANAGER_PORT/-/ready"
  wait_ready prometheus 60 http_ok "http://$HOST:$PROMETHEUS_PORT/-/ready"
  slog "prometheus + alertmanager: project configs loaded (http://$HOST:$PROMETHEUS_PORT, http://$HOST:$ALERTMANAGER_PORT)"
}

# ------------------------------------------------------- other processes --
# start_proc <name> <port> <cmd...>: spawn unless running; refuse a busy port.
start_proc() {
  local name=$1 port=$2; shift 2
  if is_running "$name"; then return 0; fi
  if port_open "$port"; then
    die "$name: port $port is already in use ($(describe_pid "$(port_owner_pid "$port")"))"
  fi
  mkdir -p "$STACK/run/$name"
  spawn "$name" "$STACK/run/$name" "$@"
}

start_extras() {
  apt_ensure prometheus-redis-exporter prometheus-postgres-exporter
  local REDIS_PASSWORD POSTGRES_PASSWORD
  REDIS_PASSWORD=$(secret redis_password); POSTGRES_PASSWORD=$(secret postgres_password)
  start_proc redis-exporter 9121 env REDIS_PASSWORD="$REDIS_PASSWORD" \
    /usr/bin/prometheus-redis-exporter --redis.addr="redis://redis:$REDIS_PORT" --web.listen-address="$HOST:9121"
  start_proc postgres-exporter 9187 env \
    DATA_SOURCE_NAME="postgresql://$POSTGRES_USER:$POSTGRES_PASSWORD@postgres:$POSTGRES_PORT/$POSTGRES_DB?sslmode=disable" \
    /usr/bin/prometheus-postgres-exporter --web.listen-address="$HOST:9187"
  start_proc kafka-exporter 9308 node "$NATIVE_DIR/stack/kafka-exporter.js" "kafka:$KAFKA_PORT" "$HOST:9308"
  start_proc mailpit 1025 node "$NATIVE_DIR/stack/smtp-sink.js" "$STACK/mail" 1025 8025
}

# The health-check probes docker-compose's targets file minus what the native
# stack does not run (Grafana): native-targets.js writes $STACK/health-check-targets.yml.
native_targets_file() {
  local kv src=''
  for kv in "$@"; do [[ $kv == TARGETS_FILE=* ]] && src=${kv#TARGETS_FILE=}; done
  [[ -n $src ]] || die "health-check: no TARGETS_FILE in its docker-compose environment"
  local dropped out=$STACK/health-check-targets.yml
  # shellcheck disable=SC2086 # HOST_NAMES is a word list
  dropped=$(node "$NATIVE_DIR/stack/native-targets.js" "$src" "$out" $HOST_NAMES) || die "health-check: cannot write $out"
  slog "health-check: not probing ${dropped:-nothing} (not in the native stack)"
  printf '%s' "$out"
}

# Same environment as docker-compose.yml gives the service (compose-env.js),
# bound to 127.0.0.1; the health-check gets the native targets file.
start_services() {
  local s main envs=()
  for s in "${SERVICES[@]}"; do
    main=$REPO_ROOT/services/$s/dist/main.js
    if [[ ! -f $main ]]; then
      slog "$s: $main not built, skipped (run: pnpm build)"
      continue
    fi
    mapfile -t envs < <(POSTGRES_PASSWORD=$(secret postgres_password) REDIS_PASSWORD=$(secret redis_password) \
      COLLECTOR_INGEST_TOKEN=$(secret collector_ingest_token) NOTIFIER_WEBHOOK_TOKEN=$(secret notifier_webhook_token) \
      NOTIFIER_API_TOKEN=$(secret notifier_api_token) RULE_EVALUATOR_API_TOKEN=$(secret rule_evaluator_api_token) \
      node "$NATIVE_DIR/stack/compose-env.js" "$s" "$STATE/secrets") || die "$s: cannot derive its environment from docker-compose.yml"
    ((${#envs[@]})) || die "$s: empty environment from docker-compose.yml"
    [[ $s == health-check ]] && envs+=("TARGETS_FILE=$(native_targets_file "${envs[@]}")")
    start_proc "$s" "${SERVICE_PORT[$s]}" env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production \
      "${envs[@]}" HOST="$HOST" node "$main"
  done
}

wait_services() {
  local s name deadline=$((SECONDS + READY_TIMEOUT))
  for name in "${EXTRAS[@]}"; do
    wait_ready "$name" 30 port_open "${EXTRA_PORT[$name]}"
  done
  for s in "${SERVICES[@]}"; do
    is_running "$s" || continue
    wait_ready "$s" "$READY_TIMEOUT" http_ok "http://$HOST:${SERVICE_PORT[$s]}/health/live"
    while ((SECONDS < deadline)) && ! http_ok "http://$HOST:${SERVICE_PORT[$s]}/health/ready"; do sleep 0.5; done
    if http_ok "http://$HOST:${SERVICE_PORT[$s]}/health/ready"; then
      slog "$s: ready on http://$HOST:${SERVICE_PORT[$s]}"
    else
      slog "$s: live but NOT ready (see $(log_file "$s"))"
    fi
  done
}

# Wait (bounded) until Prometheus has scraped every target; print the health.
targets_report() {
  local deadline=$((SECONDS + ${1:-45})) json down
  while :; do
    json=$(curl -fsS --max-time 5 "http://$HOST:$PROMETHEUS_PORT/api/v1/targets?state=active") || json='{}'
    # shellcheck disable=SC2016
    down=$(node -e '
      const t = JSON.parse(process.argv[1]).data?.activeTargets ?? [];
      const bad = t.filter((x) => x.health !== "up");
      console.log(bad.map((x) => `${x.labels.job} ${x.scrapeUrl} ${x.health} ${x.lastError}`).join("\n"));
      if (!t.length) console.log("no targets");' "$json")
    [[ -z $down ]] && break
    ((SECONDS < deadline)) || break
    sleep 2
  done
  # shellcheck disable=SC2016
  node -e '
    const t = JSON.parse(process.argv[1]).data?.activeTargets ?? [];
    for (const x of t) console.log(`  ${x.health.padEnd(8)} ${x.labels.job.padEnd(15)} ${x.scrapeUrl}${x.lastError ? "  " + x.lastError : ""}`);' "$json" >&2
  [[ -z $down ]]
}

# ---------------------------------------------------------------- commands --
cmd_up() {
  command -v node >/dev/null || die "node is required"
  "$NATIVE_DIR/infra.sh" up
  hosts_add
  prepare_configs
  start_monitoring
  start_extras
  start_services
  wait_services
  slog "Prometheus targets:"
  if targets_report 60; then slog "all Prometheus targets up"; else slog "some targets are not up (above)"; fi
  slog "collector ingest token: $STATE/secrets/collector_ingest_token; mail: http://$HOST:8025/"
}

stop_name() {
  local name=$1 pid
  pid=$(running_pid "$name") || { rm -f "$(pid_file "$name")"; return 0; }
  terminate_pid "$pid" 20 || slog "$name: pid $pid would not stop"
  rm -f "$(pid_file "$name")"
  slog "$name: stopped"
}

cmd_down() {
  local s c restore=()
  for s in "${SERVICES[@]}" "${EXTRAS[@]}"; do stop_name "$s"; done
  for c in alertmanager prometheus; do
    if ours "$c"; then stop_name "$c"; restore+=("$c"); fi
  done
  if ((${#restore[@]})); then
    slog "restoring the infra ${restore[*]}"
    "$NATIVE_DIR/infra.sh" up "${restore[@]}"
  fi
  hosts_remove
  slog "stack stopped (infra left running; deploy/native/infra.sh down stops it)"
}

cmd_status() {
  local c pid state
  "$NATIVE_DIR/infra.sh" status
  for c in "${EXTRAS[@]}" "${SERVICES[@]}"; do
    if pid=$(running_pid "$c"); then state=running; else state=stopped; pid=-; fi
    printf '%-17s %-8s pid=%-8s %s\n' "$c" "$state" "$pid" "127.0.0.1:${SERVICE_PORT[$c]:-${EXTRA_PORT[$c]:-}}"
  done
  for c in prometheus alertmanager; do
    if ours "$c"; then echo "$c: project config ($STACK/$c)"; elif is_running "$c"; then echo "$c: infra config"; fi
  done
  if http_ok "http://$HOST:$PROMETHEUS_PORT/-/ready"; then
    echo 'Prometheus targets:'
    targets_report 0 2>&1 || true
  fi
}

main() {
  (($# == 1)) || usage
  case $1 in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
