#!/usr/bin/env bash
# Pushes a small business workload to the native stack's collector: orders,
# failed orders and payment errors for two services, over ~30 s, plus one
# sample with an invalid name (so the rejected-samples panels have data).
# payment_errors{service="checkout"} is 7 in rounds 4-5, so the streaming rule
# PaymentErrorsHigh fires and resolves: one mail each way.
# Bounded: 8 rounds. Usage: push-sample-traffic.sh [collector-url] [token-file]
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
URL=${1:-http://127.0.0.1:8080}
TOKEN_FILE=${2:-${STREAMWATCH_NATIVE_DIR:-$REPO/.native}/secrets/collector_ingest_token}
TOKEN=$(cat "$TOKEN_FILE")
push() {
  curl -sS -o /dev/null -w '%{http_code}' -X POST "$URL/api/v1/samples" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$1"
}
orders=0 failed=0
for round in $(seq 1 8); do
  orders=$((orders + 40 + RANDOM % 20)); failed=$((failed + RANDOM % 4))
  body=$(printf '[{"name":"orders_total","labels":{"service":"checkout"},"value":%d,"type":"counter"},
{"name":"orders_failed_total","labels":{"service":"checkout"},"value":%d,"type":"counter"},
{"name":"orders_total","labels":{"service":"mobile"},"value":%d,"type":"counter"},
{"name":"orders_failed_total","labels":{"service":"mobile"},"value":%d,"type":"counter"},
{"name":"payment_errors","labels":{"service":"checkout"},"value":%d},
{"name":"payment_errors","labels":{"service":"mobile"},"value":%d}]' \
    "$orders" "$failed" "$((orders / 2))" "$((failed / 2))" "$(((round == 4 || round == 5) ? 7 : round % 3))" 1)
  code=$(push "$body")
  [[ $code == 2* ]] || { echo "push round $round: HTTP $code" >&2; exit 1; }
  sleep 4
done
code=$(push '[{"name":"1 invalid name","labels":{},"value":1}]')
[[ $code == 4* ]] || { echo "invalid sample was not rejected with 4xx (HTTP $code)" >&2; exit 1; }
echo "pushed 8 rounds of business samples and 1 invalid sample to $URL"
