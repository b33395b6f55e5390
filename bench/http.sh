#!/usr/bin/env bash
# Measures Kalyna's pages with wrk beside a bare libmicrohttpd hello-world in C
# (same threading model), in the same run, and prints requests/s, p99 latency and
# the ratio to the hello-world. A measurement, not a test: it never fails on a number.
#
#   bench/http.sh                 # 5 rounds of 5 s at 32 connections
#   ROUNDS=5 DURATION=10 bench/http.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
# Both servers run the same number of threads: one per core, Kalyna's default.
THREADS=${THREADS:-$(nproc)}
OUT=bench/out
mkdir -p "$OUT"

swift build -c release >/dev/null
gcc -O2 -o "$OUT/hello" bench/hello.c -lmicrohttpd

work=$(mktemp -d)
cleanup() { kill "${KALYNA_PID:-}" "${HELLO_PID:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

. bench/lib.sh
KALYNA_PORT=$(free_port)
HELLO_PORT=$(free_port)

echo "{\"thread_pool_size\": $THREADS}" > "$work/config.json"
.build/release/kalyna serve --config "$work/config.json" --port "$KALYNA_PORT" --database "$work/bench.sqlite" 2>"$work/kalyna.log" &
KALYNA_PID=$!
"$OUT/hello" "$HELLO_PORT" "$THREADS" &
HELLO_PID=$!
wait_for "http://127.0.0.1:$KALYNA_PORT/healthz"

declare -A RPS P99
targets=("hello" "/" "/no-such-page" "/healthz")
for round in $(seq "$ROUNDS"); do
  for target in "${targets[@]}"; do
    if [ "$target" = hello ]; then url="http://127.0.0.1:$HELLO_PORT/"; else url="http://127.0.0.1:$KALYNA_PORT$target"; fi
    read -r rps p99 < <(measure "$url")
    RPS[$target]+="$rps "
    P99[$target]+="$p99 "
  done
done

rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$KALYNA_PID/status")
hello_rps=$(echo "${RPS[hello]}" | median)
printf '\n%s, %s rounds of %ss, %s connections, %s server threads, median of rounds\n' "$(date -u +%F)" "$ROUNDS" "$DURATION" "$CONNECTIONS" "$THREADS"
printf '%-28s %12s %10s %10s\n' "target" "requests/s" "p99 ms" "vs hello"
for target in "${targets[@]}"; do
  rps=$(echo "${RPS[$target]}" | median)
  p99=$(echo "${P99[$target]}" | median)
  case $target in
    hello) name="C hello-world (ceiling)" ;;
    /) name="/ (home, page cache)" ;;
    /no-such-page) name="404 page (rendered)" ;;
    *) name=$target ;;
  esac
  printf '%-28s %12s %10s %9s%%\n' "$name" "$rps" "$p99" "$(awk -v a="$rps" -v b="$hello_rps" 'BEGIN { printf "%.0f", 100 * a / b }')"
done
printf 'kalyna resident memory after the load: %s MB\n' "$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
