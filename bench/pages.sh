#!/usr/bin/env bash
# Signed-in pages on the scale-100 demo database (about 100,000 cases and 2,000
# grants): requests/s and p99 at 32 connections for the home page, a signed-in
# initiative dashboard, the staff application list and the regional picture,
# each as a ratio to the bare libmicrohttpd hello-world in the same run, and the
# server's memory idle and under that load. A measurement, not a test.
#
# Signed-in pages are kept per session until the data changes (PageCache), so
# each is measured twice: as a user reloading it meets it ("kept"), and with a
# new address every request ("rendered": bench/fresh.lua), which is what the
# first visit after any write costs. Requests carry the Accept-Encoding header
# every browser sends; one more row shows the picture without it.
#
#   bench/pages.sh             # builds bench/out/demo-100.sqlite on first use
#   SCALE=10 ROUNDS=3 bench/pages.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

SCALE=${SCALE:-100}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
OUT=bench/out
mkdir -p "$OUT"
export KALYNA_NARRATIVE_KEY=${KALYNA_NARRATIVE_KEY:-$(printf 'be%.0s' $(seq 32))}

swift build -c release >/dev/null
gcc -O2 -o "$OUT/hello" bench/hello.c -lmicrohttpd
DB="$OUT/demo-$SCALE.sqlite"
if [ ! -f "$DB" ]; then
  echo "building the scale-$SCALE demo database (once)…"
  .build/release/kalyna demo --scale "$SCALE" --database "$DB" >/dev/null
fi

KALYNA_PORT=$(free_port); HELLO_PORT=$(free_port)
.build/release/kalyna serve --port "$KALYNA_PORT" --database "$DB" 2>"$OUT/pages.log" &
KALYNA_PID=$!
"$OUT/hello" "$HELLO_PORT" 4 &
HELLO_PID=$!
trap 'kill $KALYNA_PID $HELLO_PID 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$KALYNA_PORT"
wait_for "$BASE/healthz"
COORDINATOR=$(sign_in "$BASE" coordinator1@demo.kalyna kalyna-demo-2027)
OFFICER=$(sign_in "$BASE" po@demo.kalyna kalyna-demo-2027)
# Warm the caches the way a day's first visitors would.
for path in / /dashboard /applications /picture; do curl -s -o /dev/null -H "Cookie: $OFFICER" "$BASE$path"; done
read -r idle_rss _ < <(memory "$KALYNA_PID")

declare -A RPS P99 RATIO
targets=("home" "dashboard" "applications" "picture" "picture-plain" "dashboard-fresh" "applications-fresh" "picture-fresh")
# What every browser sends; kept pages go out gzipped to it ("picture-plain": without it).
BROWSER="Accept-Encoding: gzip, deflate, br"
# The hello-world is measured right before each target and the ratio taken
# pair by pair: the machine's speed drifts by ±20% over a run, and a ratio to
# a ceiling measured a minute earlier would carry that drift.
for round in $(seq "$ROUNDS"); do
  for name in "${targets[@]}"; do
    read -r hr hp < <(measure "http://127.0.0.1:$HELLO_PORT/" "$BROWSER")
    RPS[hello]+="$hr "; P99[hello]+="$hp "
    case $name in
      home) read -r r p < <(measure "$BASE/" "$BROWSER") ;;
      dashboard) read -r r p < <(measure "$BASE/dashboard" "Cookie: $COORDINATOR" "$BROWSER") ;;
      applications) read -r r p < <(measure "$BASE/applications" "Cookie: $OFFICER" "$BROWSER") ;;
      picture) read -r r p < <(measure "$BASE/picture" "Cookie: $OFFICER" "$BROWSER") ;;
      picture-plain) read -r r p < <(measure "$BASE/picture" "Cookie: $OFFICER") ;;
      dashboard-fresh) read -r r p < <(SCRIPT=bench/fresh.lua measure "$BASE/dashboard" "Cookie: $COORDINATOR" "$BROWSER") ;;
      applications-fresh) read -r r p < <(SCRIPT=bench/fresh.lua measure "$BASE/applications" "Cookie: $OFFICER" "$BROWSER") ;;
      picture-fresh) read -r r p < <(SCRIPT=bench/fresh.lua measure "$BASE/picture" "Cookie: $OFFICER" "$BROWSER") ;;
    esac
    RPS[$name]+="$r "; P99[$name]+="$p "
    RATIO[$name]+="$(awk -v a="$r" -v b="$hr" 'BEGIN { printf "%.0f", 100 * a / b }') "
  done
done
read -r load_rss peak < <(memory "$KALYNA_PID")
RATIO[hello]="100"
printf '\n%s, scale %s demo, %s rounds of %ss, %s connections, medians; ratio to the hello-world measured just before\n' "$(date -u +%F)" "$SCALE" "$ROUNDS" "$DURATION" "$CONNECTIONS"
printf '%-34s %11s %9s %9s\n' "target" "requests/s" "p99 ms" "vs hello"
for name in hello "${targets[@]}"; do
  case $name in
    hello) label="C hello-world (ceiling)" ;; home) label="/ (home)" ;; dashboard) label="/dashboard (coordinator), kept" ;;
    applications) label="/applications (officer), kept" ;; picture) label="/picture (regional), kept" ;;
    dashboard-fresh) label="/dashboard, rendered" ;; applications-fresh) label="/applications, rendered" ;;
    picture-fresh) label="/picture, rendered" ;; picture-plain) label="/picture, kept, not gzipped" ;;
  esac
  r=$(echo "${RPS[$name]}" | median); p=$(echo "${P99[$name]}" | median); ratio=$(echo "${RATIO[$name]}" | median)
  printf '%-34s %11s %9s %8s%%\n' "$label" "$r" "$p" "$ratio"
done
printf 'memory: %s MB idle, %s MB after the load (peak %s MB)\n' "$idle_rss" "$load_rss" "$peak"
echo "targets: signed-in pages ≥ 50% of hello, p99 < 20 ms, the picture < 50 ms, memory < 100 MB"
echo "(kept: as reloaded, from the page cache; rendered: a new address each request, from the database)"
