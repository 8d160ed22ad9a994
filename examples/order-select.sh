#!/usr/bin/env bash
# Fires the example order-select request at a locally running ldn-cds, signed by the
# built-in demo client (a token from POST /demo/token, answered only to this machine).
#   examples/order-select.sh [request.json] [base URL]
set -euo pipefail
request="${1:-$(dirname "$0")/order-select-ldn-with-oxycodone.json}"
base="${2:-http://localhost:8080}"
endpoint="$base/cds-services/ldn-order-select"
token=$(curl -sf -X POST "$base/demo/token" --data-urlencode "aud=$endpoint" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
curl -s -X POST "$endpoint" \
  -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  --data @"$request"
echo
