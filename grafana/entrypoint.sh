#!/bin/sh
# Grafana wrapper (docker-compose): refuse to start with a missing, empty,
# default or placeholder admin password, then hand over to the image's /run.sh.
set -eu
f=${GF_SECURITY_ADMIN_PASSWORD__FILE:-}
pw=
if [ -n "$f" ] && [ -r "$f" ]; then pw=$(cat "$f"); fi
case "$pw" in
  '' | admin | password | change-me*)
    echo "streamwatch: refusing to start Grafana: set GRAFANA_ADMIN_PASSWORD in .env to a real secret (not empty, 'admin' or change-me...)" >&2
    exit 1 ;;
esac
if [ "${#pw}" -lt 12 ]; then
  echo "streamwatch: refusing to start Grafana: GRAFANA_ADMIN_PASSWORD must have at least 12 characters" >&2
  exit 1
fi
exec /run.sh "$@"
