# shellcheck shell=bash
# Per-component definitions for infra.sh. Each component <c> (function prefix
# with '-' turned into '_') provides:
#   <c>_packages     Debian packages it needs (printed, space separated)
#   <c>_ports        TCP ports it binds on $HOST
#   <c>_address      what `status` shows
#   <c>_prepare      configs / first-time init (runs before launch)
#   <c>_launch       start the process (via spawn / launch_* from lib.sh)
#   <c>_ready        0 when ready (polled by wait_ready)
#   <c>_post_start   optional, after ready (idempotent)
#   <c>_stop_signal  signal + timeout for `down`
#   <c>_system_service  "<debian service> <service user>" that may squat the port
# Requires lib.sh.

# shellcheck disable=SC2034  # used by infra.sh
COMPONENTS=(kafka postgres redis prometheus alertmanager node-exporter)
TEMPLATES=$NATIVE_DIR/templates

fn() { printf '%s_%s' "${1//-/_}" "$2"; }   # fn node-exporter ready -> node_exporter_ready

# ------------------------------------------------------------------ kafka --
kafka_packages() { :; }   # java + maven (if absent) handled by kafka_ensure_libs
kafka_ports() { echo "$KAFKA_PORT $KAFKA_CONTROLLER_PORT"; }
kafka_address() { echo "$HOST:$KAFKA_PORT (controller $HOST:$KAFKA_CONTROLLER_PORT)"; }
kafka_stop_signal() { echo "TERM 20"; }
kafka_system_service() { :; }

kafka_prepare() {
  kafka_ensure_libs
  local dir; dir=$(data_dir kafka)
  mkdir -p "$dir"
  render "$TEMPLATES/kafka-server.properties" "$STATE/server.properties" \
    HOST="$HOST" KAFKA_PORT="$KAFKA_PORT" KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" \
    KAFKA_DATA="$dir"
  if [[ ! -f $dir/meta.properties ]]; then
    # Kafka cluster id: 16 random bytes, base64url without padding (22 chars). Like Kafka's own
    # Uuid.randomUuid(), never one starting with '-': the storage tool would read it as an option.
    local cluster_id=-
    while [[ $cluster_id == -* ]]; do
      cluster_id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    done
    log "kafka: formatting storage (cluster id $cluster_id)"
    (cd "$dir" && kafka_run kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$STATE/server.properties" --ignore-formatted) >>"$(log_file kafka)" 2>&1 ||
      { show_log_tail kafka; die "kafka: storage format failed"; }
  fi
}

kafka_launch() {
  local log; log=$(log_file kafka)
  # Readiness only looks at log output written after this point; the offset is
  # kept in a file so a later `up` can still tell a half-started broker apart.
  stat -c %s "$log" 2>/dev/null >"$STATE/pids/kafka.logoffset" || echo 0 >"$STATE/pids/kafka.logoffset"
  spawn kafka "$(data_dir kafka)" java \
    -Xms256m -Xmx768m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$NATIVE_DIR/kafka/log4j.properties" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$STATE/server.properties"
}

# Ready = client port accepts connections AND the broker logged the end of its
# startup ("Kafka Server started", kafka.server.KafkaRaftServer) since launch.
kafka_ready() {
  local offset
  port_open "$KAFKA_PORT" || return 1
  offset=$(cat "$STATE/pids/kafka.logoffset" 2>/dev/null || echo 0)
  # (process substitution, not a pipe: grep -q + pipefail could report SIGPIPE)
  grep -q 'Kafka Server started' < <(tail -c +"$((offset + 1))" "$(log_file kafka)")
}

# --------------------------------------------------------------- postgres --
postgres_packages() { echo postgresql; }   # pulls postgresql-<ver> + postgresql-client-<ver> (psql, pg_isready)
postgres_ports() { echo "$POSTGRES_PORT"; }
postgres_address() { echo "$HOST:$POSTGRES_PORT"; }
postgres_stop_signal() { echo "INT 30"; }   # SIGINT = "fast" shutdown
postgres_system_service() { echo "postgresql postgres"; }
postgres_socket_dir() { echo "$STATE/run/postgres"; }

postgres_prepare() {
  local bindir data sock log
  bindir=$(postgres_bindir)
  data=$(data_dir postgres); sock=$(postgres_socket_dir); log=$(log_file postgres)
  mkdir -p "$data" "$sock"
  chown postgres:postgres "$data" "$sock"
  chmod 700 "$data"
  runuser -u postgres -- test -w "$data" ||
    die "postgres: OS user 'postgres' cannot write $data (is a parent dir of $STATE private?). Set STREAMWATCH_NATIVE_DIR to a world-traversable path."
  if [[ ! -s $data/PG_VERSION ]]; then
    log "postgres: initdb in $data"
    (cd / && runuser -u postgres -- "$bindir/initdb" -D "$data" -U postgres \
      --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8) >>"$log" 2>&1 ||
      { show_log_tail postgres; die "postgres: initdb failed"; }
    printf "\ninclude 'streamwatch.conf'\n" >>"$data/postgresql.conf"
  fi
  local have want
  have=$(<"$data/PG_VERSION"); want=$(basename "$(dirname "$bindir")")
  [[ $have == "$want" ]] ||
    die "postgres: data dir $data is PostgreSQL $have but binaries are $want (run 'infra.sh reset')"
  render "$TEMPLATES/postgresql.conf" "$data/streamwatch.conf" \
    HOST="$HOST" POSTGRES_PORT="$POSTGRES_PORT" POSTGRES_SOCKET_DIR="$sock"
  chown postgres:postgres "$data/streamwatch.conf"
}

postgres_launch() {
  local data; data=$(data_dir postgres)
  # setpriv execs in place (no fork, unlike runuser/su), so the recorded pid
  # is the postmaster's; postgres refuses to run as root.
  spawn postgres "$data" setpriv --reuid=postgres --regid=postgres --init-groups -- \
    "$(postgres_bindir)/postgres" -D "$data"
}

postgres_ready() {
  pg_isready -q -h "$HOST" -p "$POSTGRES_PORT" -d postgres
}

# Create/refresh the app role + database (as superuser over the private unix
# socket, peer auth), then prove the app user can log in over TCP.
postgres_post_start() {
  local pw; pw=$(secret postgres_password)
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 \
    -h "$(postgres_socket_dir)" -p "$POSTGRES_PORT" -d postgres) >/dev/null <<SQL ||
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$POSTGRES_USER') THEN
    CREATE ROLE $POSTGRES_USER;
  END IF;
END \$\$;
ALTER ROLE $POSTGRES_USER WITH LOGIN CREATEDB PASSWORD '$pw';
SELECT 'CREATE DATABASE $POSTGRES_DB OWNER $POSTGRES_USER'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$POSTGRES_DB') \gexec
SQL
    { show_log_tail postgres; die "postgres: creating role/database failed"; }
  PGCONNECT_TIMEOUT=5 psql -X -q -At "$(database_url)" -c 'select 1' >/dev/null ||
    { show_log_tail postgres; die "postgres: app user cannot connect with DATABASE_URL"; }
}

database_url() {
  echo "postgres://$POSTGRES_USER:$(secret postgres_password)@$HOST:$POSTGRES_PORT/$POSTGRES_DB"
}

# ------------------------------------------------------------------ redis --
redis_packages() { echo redis-server redis-tools; }
redis_ports() { echo "$REDIS_PORT"; }
redis_address() { echo "$HOST:$REDIS_PORT"; }
redis_stop_signal() { echo "TERM 10"; }
redis_system_service() { echo "redis-server redis"; }

redis_prepare() {
  local dir; dir=$(data_dir redis)
  mkdir -p "$dir"
  (umask 077 && render "$TEMPLATES/redis.conf" "$STATE/redis.conf" \
    HOST="$HOST" REDIS_PORT="$REDIS_PORT" REDIS_PASSWORD="$(secret redis_password)" REDIS_DATA="$dir")
  chmod 600 "$STATE/redis.conf"
}

redis_launch() {
  spawn redis "$(data_dir redis)" /usr/bin/redis-server "$STATE/redis.conf"
}

redis_ready() {
  [[ $(REDISCLI_AUTH=$(secret redis_password) redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]
}

# ------------------------------------------------------------- prometheus --
prometheus_packages() { echo prometheus; }
prometheus_ports() { echo "$PROMETHEUS_PORT"; }
prometheus_address() { echo "http://$HOST:$PROMETHEUS_PORT"; }
prometheus_stop_signal() { echo "TERM 15"; }
prometheus_system_service() { echo "prometheus prometheus"; }

prometheus_prepare() {
  render "$TEMPLATES/prometheus.yml" "$STATE/prometheus.yml" \
    HOST="$HOST" PROMETHEUS_PORT="$PROMETHEUS_PORT" \
    ALERTMANAGER_PORT="$ALERTMANAGER_PORT" NODE_EXPORTER_PORT="$NODE_EXPORTER_PORT"
}
prometheus_launch() { launch_prometheus "$STATE/prometheus.yml"; }
prometheus_ready() { http_ok "http://$HOST:$PROMETHEUS_PORT/-/ready"; }

# ----------------------------------------------------------- alertmanager --
alertmanager_packages() { echo prometheus-alertmanager; }
alertmanager_ports() { echo "$ALERTMANAGER_PORT"; }
alertmanager_address() { echo "http://$HOST:$ALERTMANAGER_PORT"; }
alertmanager_stop_signal() { echo "TERM 10"; }
alertmanager_system_service() { echo "prometheus-alertmanager prometheus"; }

alertmanager_prepare() {
  render "$TEMPLATES/alertmanager.yml" "$STATE/alertmanager.yml"
}
alertmanager_launch() { launch_alertmanager "$STATE/alertmanager.yml"; }
alertmanager_ready() { http_ok "http://$HOST:$ALERTMANAGER_PORT/-/ready"; }

# ---------------------------------------------------------- node-exporter --
node_exporter_packages() { echo prometheus-node-exporter; }
node_exporter_ports() { echo "$NODE_EXPORTER_PORT"; }
node_exporter_address() { echo "http://$HOST:$NODE_EXPORTER_PORT"; }
node_exporter_stop_signal() { echo "TERM 10"; }
node_exporter_system_service() { echo "prometheus-node-exporter prometheus"; }

node_exporter_prepare() { :; }
node_exporter_launch() { launch_node_exporter; }
node_exporter_ready() { http_ok "http://$HOST:$NODE_EXPORTER_PORT/metrics"; }
