# shellcheck shell=bash
# Shared helpers for the Docker-less "native" infrastructure (deploy/native/).
# Sourced by infra.sh (and, later, stack.sh). Defines settings, logging, pid,
# port, wait and install helpers. Nothing here starts anything by itself.
#
# Process model: every daemon we start is recorded in $STATE/pids/<name>.pid.
# A component counts as "ours and running" only when that pid is alive, not a
# zombie, and its working directory lies inside $STATE (guards against pid
# reuse after a reboot or after the state dir was recreated).

# ---------------------------------------------------------------- settings --
# (some are only used by components.sh / infra.sh / stack.sh)
# shellcheck disable=SC2034
NATIVE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$NATIVE_DIR/../.." && pwd)

STATE=$(realpath -m "${STREAMWATCH_NATIVE_DIR:-$REPO_ROOT/.native}")   # absolute, not created yet

CACHE_DIR=${STREAMWATCH_CACHE_DIR:-$HOME/.cache/streamwatch}

HOST=127.0.0.1
KAFKA_VERSION=3.9.2            # keep in sync with kafka/pom.xml
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-29093}
POSTGRES_PORT=${POSTGRES_PORT:-5432}
REDIS_PORT=${REDIS_PORT:-6379}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9090}
ALERTMANAGER_PORT=${ALERTMANAGER_PORT:-9093}
NODE_EXPORTER_PORT=${NODE_EXPORTER_PORT:-9100}

POSTGRES_USER=streamwatch
POSTGRES_DB=streamwatch

KAFKA_LIBS=$CACHE_DIR/kafka-$KAFKA_VERSION/libs

# ----------------------------------------------------------------- logging --
log() { printf '[infra] %s\n' "$*" >&2; }
die() { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

# seconds since $1 (an $EPOCHREALTIME value), one decimal
elapsed_since() {
  awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'
}

# ------------------------------------------------------------------- dirs --
ensure_state_dirs() {
  mkdir -p "$STATE"/{logs,pids,data,run}
  mkdir -p "$STATE/secrets"
  chmod 700 "$STATE/secrets"
}

log_file() { printf '%s/logs/%s.log' "$STATE" "$1"; }
pid_file() { printf '%s/pids/%s.pid' "$STATE" "$1"; }
data_dir() { printf '%s/data/%s' "$STATE" "$1"; }

# Print the last lines of a component's log to stderr.
show_log_tail() {
  local f; f=$(log_file "$1")
  if [[ -s $f ]]; then
    printf '[infra] ---- last %s lines of %s ----\n' "${2:-40}" "$f" >&2
    tail -n "${2:-40}" "$f" >&2
    printf '[infra] ----\n' >&2
  fi
}

# -------------------------------------------------------------------- pids --
# True when pid is alive, not a zombie and its cwd is inside $STATE.
pid_is_ours() {
  local pid=$1 stat cwd
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ $stat != Z && $stat != X ]] || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 1
  [[ $cwd == "$STATE" || $cwd == "$STATE"/* ]]
}

# Print the pid of a running component of ours; fails when not running.
running_pid() {
  local f pid
  f=$(pid_file "$1")
  [[ -f $f ]] || return 1
  pid=$(head -n1 "$f" 2>/dev/null) || return 1
  pid_is_ours "$pid" || return 1
  printf '%s\n' "$pid"
}

is_running() { running_pid "$1" >/dev/null; }

# Start a long-running process detached from our session (setsid, stdin
# closed, stdout+stderr appended to logs/<name>.log) with cwd <dir>, and
# record its pid. Usage: spawn <name> <cwd> <cmd> [args...]
spawn() {
  local name=$1 dir=$2; shift 2
  local log; log=$(log_file "$name")
  printf '\n==== %s: starting %s ====\n' "$(date -Is)" "$name" >>"$log"
  # In a non-interactive shell the background subshell is not a process group
  # leader, so `setsid` execs in place (no fork) and $! is the daemon's pid.
  # fd 9 is infra.sh's lock (see lock_state): do not let the daemon inherit it.
  # The cd happens before the fork: `is_running` identifies our processes by
  # their cwd, and a child that had not reached its own cd yet could be taken
  # for one that had exited during startup.
  local here=$PWD
  cd "$dir" || die "$name: cannot enter $dir"
  ( exec 9>&-; exec setsid "$@" </dev/null >>"$log" 2>&1 ) &
  printf '%s\n' "$!" >"$(pid_file "$name")"
  cd "$here" || die "$name: cannot return to $here"
}

# Send SIGTERM, wait up to <timeout> s, then SIGKILL.
# Usage: terminate_pid <pid> <timeout-seconds>
terminate_pid() {
  local pid=$1 timeout=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    pid_gone "$pid" && return 0
    sleep 0.1
  done
  log "pid $pid did not exit within ${timeout}s, sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do pid_gone "$pid" && return 0; sleep 0.1; done
  return 1
}

pid_gone() {
  local stat
  stat=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 0
  [[ $stat == Z || $stat == X ]]
}

# ------------------------------------------------------------------- ports --
port_open() {   # something accepts TCP connections on 127.0.0.1:<port>
  (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

# pid of the process listening on <port> (any address), empty if unknown
port_owner_pid() {
  { ss -Hltnp "sport = :$1" 2>/dev/null || true; } | grep -o 'pid=[0-9]*' | sed -n '1s/pid=//p' || true
}

describe_pid() {
  local pid=$1
  [[ -n $pid ]] || { echo "unknown process"; return; }
  printf 'pid %s, user %s: %s' "$pid" "$(stat -c %U "/proc/$pid" 2>/dev/null || echo '?')" \
    "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-160)"
}

wait_port_free() {  # <port> <timeout-seconds>
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    port_open "$1" || return 0
    sleep 0.1
  done
  return 1
}

# ---------------------------------------------------------------- waiting --
# Poll "<check...>" every 0.2 s until it succeeds. Fails early when the
# component's process dies. On failure: error + log tail, exit 1.
# Usage: wait_ready <name> <timeout-seconds> <check-cmd> [args...]
wait_ready() {
  local name=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  local pid noted=
  while ((SECONDS < deadline)); do
    if ! is_running "$name"; then
      # Twice a live daemon was taken for a dead one here (cause not found): only a pid that is gone counts.
      pid=$(head -n1 "$(pid_file "$name")" 2>/dev/null || true)
      if [[ $pid =~ ^[0-9]+$ ]] && ! pid_gone "$pid"; then
        [[ -n $noted ]] || log "$name: pid $pid is alive but not recognised as ours yet" \
          "(state $(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null), cwd $(readlink "/proc/$pid/cwd" 2>/dev/null)); waiting"
        noted=1
      else
        show_log_tail "$name"
        die "$name: process exited during startup (log: $(log_file "$name"))"
      fi
    fi
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  show_log_tail "$name"
  die "$name: not ready after ${timeout}s (log: $(log_file "$name"))"
}

http_ok() { curl -fsS -o /dev/null --max-time 2 "$1"; }

# ---------------------------------------------------------------- secrets --
# Print the secret <name>, generating 32 hex chars from /dev/urandom once per
# state dir (stored in $STATE/secrets/<name>, mode 600).
secret() {
  local f=$STATE/secrets/$1
  if [[ ! -s $f ]]; then
    ensure_state_dirs
    (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$f.tmp" && mv "$f.tmp" "$f")
  fi
  chmod 600 "$f"
  cat "$f"
}

# ---------------------------------------------------------------- install --
# True when a Debian package is fully installed ("dpkg -s" alone also
# succeeds for removed-but-not-purged packages, state "deinstall ok config-files").
pkg_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

# Install missing Debian packages (idempotent: dpkg status check first, then
# `apt-get update` once and install).
apt_ensure() {
  local missing=() p
  for p in "$@"; do
    pkg_installed "$p" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  ((EUID == 0)) || die "need root to apt-get install: ${missing[*]}"
  log "installing Debian packages: ${missing[*]}"
  local t0=$EPOCHREALTIME created_policy=
  # Keep package maintainer scripts from auto-starting daemons (postgresql,
  # redis, prometheus, ...) that would grab our ports: invoke-rc.d honours
  # /usr/sbin/policy-rc.d, exit 101 = "action forbidden". Removed afterwards
  # if we created it.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, written by streamwatch deploy/native/lib.sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=1
  fi
  local rc=0
  {
    local apt_opts=(-o DPkg::Lock::Timeout=600 -q)
    if [[ -z ${_APT_UPDATED:-} ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >&2 && _APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >&2
  } || rc=$?
  [[ -n $created_policy ]] && rm -f /usr/sbin/policy-rc.d
  ((rc == 0)) || die "apt-get install ${missing[*]} failed (rc=$rc)"
  log "installed ${missing[*]} in $(elapsed_since "$t0")s"
}

postgres_bindir() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  [[ -n $d && -x $d/pg_ctl ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  printf '%s\n' "$d"
}

# Fetch Kafka + runtime deps from Maven Central into $KAFKA_LIBS, once.
kafka_ensure_libs() {
  local marker=$KAFKA_LIBS/.complete
  command -v java >/dev/null || apt_ensure openjdk-17-jre-headless
  [[ -f $marker ]] && return 0
  command -v mvn >/dev/null || apt_ensure maven
  log "kafka: fetching Kafka $KAFKA_VERSION jars from Maven Central into $KAFKA_LIBS"
  local t0=$EPOCHREALTIME tmp=$KAFKA_LIBS.tmp.$$
  rm -rf "$tmp"; mkdir -p "$tmp"
  local mvn_log=$STATE/logs/kafka-maven.log
  mkdir -p "$STATE/logs"
  mvn -B -Dstyle.color=never -f "$NATIVE_DIR/kafka/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$mvn_log" 2>&1 ||
    { rm -rf "$tmp"; tail -n 40 "$mvn_log" >&2; die "kafka: maven dependency download failed (log: $mvn_log)"; }
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 ||
    { rm -rf "$tmp"; die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after maven run"; }
  rm -rf "$KAFKA_LIBS"; mv "$tmp" "$KAFKA_LIBS"
  date -Is >"$marker"
  log "kafka: jars cached in $(elapsed_since "$t0")s"
}

# Run a Kafka main class (CLI tool) with the cached jars, e.g.
#   kafka_run org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
kafka_run() {
  local cls=$1; shift
  java -Xmx512m -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j-tools.properties" \
    -cp "$KAFKA_LIBS/*" "$cls" "$@"
}

# ---------------------------------------------------------- templates --
# render <template> <dest> KEY=value...: replaces @KEY@ placeholders.
render() {
  local src=$1 dst=$2; shift 2
  local content kv
  content=$(<"$src")
  for kv in "$@"; do
    content=${content//@${kv%%=*}@/${kv#*=}}
  done
  printf '%s\n' "$content" >"$dst.tmp"
  mv "$dst.tmp" "$dst"
}

# ------------------------------------------------- reusable binary launchers --
# These start one daemon with the given config; stack.sh can call them with
# its own config file. All bind to $HOST and log/pid under $STATE.

# launch_prometheus <config-file> [extra prometheus flags...]
launch_prometheus() {
  local cfg=$1; shift
  local dir; dir=$(data_dir prometheus)
  mkdir -p "$dir"
  spawn prometheus "$dir" /usr/bin/prometheus \
    --config.file="$cfg" \
    --web.listen-address="$HOST:$PROMETHEUS_PORT" \
    --storage.tsdb.path="$dir" \
    --web.enable-remote-write-receiver \
    --web.enable-lifecycle \
    "$@"
}

# Ask a running Prometheus to re-read its config (needs --web.enable-lifecycle).
prometheus_reload() {
  curl -fsS -X POST --max-time 10 "http://$HOST:$PROMETHEUS_PORT/-/reload" >/dev/null
}

# launch_alertmanager <config-file> [extra flags...]
launch_alertmanager() {
  local cfg=$1; shift
  local dir; dir=$(data_dir alertmanager)
  mkdir -p "$dir"
  spawn alertmanager "$dir" /usr/bin/prometheus-alertmanager \
    --config.file="$cfg" \
    --web.listen-address="$HOST:$ALERTMANAGER_PORT" \
    --cluster.listen-address= \
    --storage.path="$dir" \
    "$@"
}

# launch_node_exporter [extra flags...]
launch_node_exporter() {
  local dir; dir=$(data_dir node-exporter)
  mkdir -p "$dir"
  spawn node-exporter "$dir" /usr/bin/prometheus-node-exporter \
    --web.listen-address="$HOST:$NODE_EXPORTER_PORT" \
    --collector.textfile.directory="$dir" \
    "$@"
}
