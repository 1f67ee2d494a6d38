#!/usr/bin/env bash
# Every Grafana panel query must return data from a live Prometheus (default:
# the native stack's, http://127.0.0.1:9090). With --traffic, first pushes a
# small business workload (and one invalid sample) through the collector with
# push-sample-traffic.sh and waits for it to be scraped/forwarded.
# Usage: dashboards-live.sh [--traffic] [prometheus-url]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ ${1:-} == --traffic ]]; then
  shift
  bash ./push-sample-traffic.sh
  sleep "${TRAFFIC_SETTLE_SECONDS:-40}"   # > 2 scrape intervals, so rate() has two points
fi
exec node ./dashboards-live.js "${1:-http://127.0.0.1:9090}"
