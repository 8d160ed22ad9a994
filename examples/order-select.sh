#!/usr/bin/env bash
# Fires the example order-select request at a locally running ldn-cds, signed by the
# built-in demo client (a token from POST /demo/token, answered only to this machine).
set -uo pipefail

script=$(basename "$0")

usage() {
	cat >&2 <<USAGE
Usage: $script [request.json] [base URL]
  request.json  the CDS Hooks request to send
                (default: $(dirname "$0")/order-select-ldn-with-oxycodone.json)
  base URL      where ldn-cds runs (default: http://localhost:8080)
Start the service first: mvn spring-boot:run (README), or docker compose up.
USAGE
}

fail() {
	echo "$script: $*" >&2
	echo >&2
	usage
	exit 1
}

case "${1:-}" in
	-h | --help)
		usage
		exit 0
		;;
esac
if [ $# -gt 2 ]; then
	usage
	exit 2
fi
request="${1:-$(dirname "$0")/order-select-ldn-with-oxycodone.json}"
base="${2:-http://localhost:8080}"
base="${base%/}"
endpoint="$base/cds-services/ldn-order-select"
if [ ! -r "$request" ]; then
	fail "cannot read the request file $request"
fi
command -v curl >/dev/null 2>&1 || fail "needs curl"

# $1: what is being called. Sets $body and $status; fails with a message when no HTTP
# answer comes back at all.
call() {
	local what="$1" output code error
	shift
	error=$(mktemp)
	output=$(curl -sS -w '\n%{http_code}' "$@" 2>"$error")
	code=$?
	error_text=$(sed 's/^curl: //' "$error")
	rm -f "$error"
	if [ $code -ne 0 ]; then
		case $code in
			6 | 7) fail "no ldn-cds answers at $base ($what: $error_text). Is it running, on this port?" ;;
			28) fail "$base did not answer in time ($what)" ;;
			*) fail "$what failed: $error_text" ;;
		esac
	fi
	status="${output##*$'\n'}"
	body="${output%$'\n'*}"
}

call "demo token" --max-time 30 -X POST "$base/demo/token" --data-urlencode "aud=$endpoint"
case "$status" in
	200) ;;
	404) fail "$base/demo/token answered 404: the demo client is off (ldn.security.demo-client.enabled), or this machine is not the service's own; sign with your EHR's client instead (docs/security.md)" ;;
	*) fail "$base/demo/token answered HTTP $status: $body" ;;
esac
token=$(printf '%s' "$body" | sed -nE 's/.*"access_token":"([^"]+)".*/\1/p')
[ -n "$token" ] || fail "$base/demo/token answered without an access_token: $body"

call "order-select call" --max-time 30 -X POST "$endpoint" \
	-H "Authorization: Bearer $token" \
	-H 'Content-Type: application/json' \
	--data @"$request"
printf '%s\n' "$body"
if [ "$status" != 200 ]; then
	echo "$script: $endpoint answered HTTP $status" >&2
	exit 1
fi
