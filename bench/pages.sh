#!/usr/bin/env bash
# Signed-in pages on the scale-100 demo database (about 100,000 cases and 8,000
# grants), measured side by side in one run with two peers:
#
# - a bare libmicrohttpd hello-world in C (bench/hello.c): the ceiling, for
#   pages kept in the page cache;
# - a Flask + Jinja2 + sqlite3 rendering of the same 50-row grant list from the
#   same database file under gunicorn, one worker per core (bench/flask/):
#   what a rendered list costs in a plain small Python service.
#
# Signed-in pages are kept per session until the data they show changes
# (PageCache), so each is measured as a user reloading it meets it ("kept"),
# and with a new address every request ("rendered": bench/fresh.lua), which is
# what the first visit after any write costs. Each figure is taken right after
# its peer, and the ratio pair by pair: the machine's speed drifts by ±20% over
# a run. Requests carry the Accept-Encoding header every browser sends. Then
# bench/after_write.py saves cases through the form and times /picture and
# /statistics right after each. A measurement, not a test.
#
#   bench/pages.sh             # builds bench/out/demo-100.sqlite on first use
#   SCALE=10 ROUNDS=1 bench/pages.sh
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

python3 -c 'import flask, jinja2, gunicorn' 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check flask jinja2 gunicorn
swift build -c release >/dev/null
gcc -O2 -o "$OUT/hello" bench/hello.c -lmicrohttpd
DB="$OUT/demo-$SCALE.sqlite"
if [ ! -f "$DB" ]; then
  echo "building the scale-$SCALE demo database (once)…"
  .build/release/kalyna demo --scale "$SCALE" --database "$DB" >/dev/null
fi

KALYNA_PORT=$(free_port); HELLO_PORT=$(free_port); FLASK_PORT=$(free_port)
.build/release/kalyna serve --port "$KALYNA_PORT" --database "$DB" 2>"$OUT/pages.log" &
KALYNA_PID=$!
# The peer runs as many threads as Kalyna does by default (one per core).
"$OUT/hello" "$HELLO_PORT" "$(nproc)" &
HELLO_PID=$!
KALYNA_BENCH_DATABASE="$PWD/$DB" python3 -m gunicorn --workers "$(nproc)" --bind "127.0.0.1:$FLASK_PORT" --chdir bench/flask app:app 2>"$OUT/flask.log" &
FLASK_PID=$!
trap 'kill $KALYNA_PID $HELLO_PID $FLASK_PID 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$KALYNA_PORT"
wait_for "$BASE/healthz"
COORDINATOR=$(sign_in "$BASE" coordinator1@demo.kalyna kalyna-demo-2027)
OFFICER=$(sign_in "$BASE" po@demo.kalyna kalyna-demo-2027)
FLASK="http://127.0.0.1:$FLASK_PORT/grants"
wait_for_status() { for _ in $(seq 100); do [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $OFFICER" "$1")" = 200 ] && return 0; sleep 0.1; done; return 1; }
wait_for_status "$FLASK"
# Both render the same rows: the Flask page must show the grant Kalyna shows first.
first=$(curl -s -H "Cookie: $OFFICER" "$BASE/grants" | grep -o 'KLN-[0-9]*-[0-9]*' | head -1)
curl -s -H "Cookie: $OFFICER" "$FLASK" | grep -q "$first" || { echo "the Flask peer does not show $first"; exit 1; }
# Warm the caches the way a day's first visitors would.
for path in / /dashboard /grants /applications /cases /picture; do curl -s -o /dev/null -H "Cookie: $OFFICER" "$BASE$path"; done
# A second hello-world sends the kept /grants page's own gzip bytes: what the
# page's size costs the server and the client (wrk shares the machine), apart
# from Kalyna's work.
curl -s -o "$OUT/grants-kept.gz" -H "Cookie: $OFFICER" -H "Accept-Encoding: gzip" "$BASE/grants"
SAME_PORT=$(free_port)
"$OUT/hello" "$SAME_PORT" "$(nproc)" "$OUT/grants-kept.gz" &
SAME_PID=$!
trap 'kill $KALYNA_PID $HELLO_PID $FLASK_PID $SAME_PID 2>/dev/null || true' EXIT
wait_for "http://127.0.0.1:$SAME_PORT/"
read -r idle_rss _ < <(memory "$KALYNA_PID")

declare -A RPS P99 RATIO PEER
targets=("home" "dashboard" "grants" "picture" "grants-fresh" "applications-fresh" "cases-fresh" "dashboard-fresh" "picture-fresh")
BROWSER="Accept-Encoding: gzip, deflate, br"
for round in $(seq "$ROUNDS"); do
  for name in "${targets[@]}"; do
    case $name in
      *-fresh) peer=flask; read -r pr pp < <(measure "$FLASK" "Cookie: $OFFICER") ;;
      *) peer=hello; read -r pr pp < <(measure "http://127.0.0.1:$HELLO_PORT/" "$BROWSER") ;;
    esac
    RPS[$peer]+="$pr "; P99[$peer]+="$pp "; PEER[$name]=$peer
    case $name in
      home) read -r r p < <(measure "$BASE/" "$BROWSER") ;;
      dashboard) read -r r p < <(measure "$BASE/dashboard" "Cookie: $COORDINATOR" "$BROWSER") ;;
      grants) read -r r p < <(measure "$BASE/grants" "Cookie: $OFFICER" "$BROWSER") ;;
      picture) read -r r p < <(measure "$BASE/picture" "Cookie: $OFFICER" "$BROWSER") ;;
      dashboard-fresh) read -r r p < <(SCRIPT=bench/fresh.lua measure "$BASE/dashboard" "Cookie: $COORDINATOR" "$BROWSER") ;;
      *-fresh) read -r r p < <(SCRIPT=bench/fresh.lua measure "$BASE/${name%-fresh}" "Cookie: $OFFICER" "$BROWSER") ;;
    esac
    RPS[$name]+="$r "; P99[$name]+="$p "
    RATIO[$name]+="$(awk -v a="$r" -v b="$pr" 'BEGIN { printf "%.2f", a / b }') "
    if [ "$name" = grants ]; then
      read -r sr sp < <(measure "http://127.0.0.1:$SAME_PORT/" "$BROWSER")
      RPS[same]+="$sr "; P99[same]+="$sp "
      RATIO[same]+="$(awk -v a="$sr" -v b="$pr" 'BEGIN { printf "%.2f", a / b }') "
      RATIO[grants-same]+="$(awk -v a="$r" -v b="$sr" 'BEGIN { printf "%.2f", a / b }') "
    fi
  done
done
read -r load_rss peak < <(memory "$KALYNA_PID")
printf '\n%s, scale %s demo, %s rounds of %ss, %s connections, medians; ratio to the peer measured just before\n' "$(date -u +%F)" "$SCALE" "$ROUNDS" "$DURATION" "$CONNECTIONS"
printf '%-38s %11s %9s %12s\n' "target" "requests/s" "p99 ms" "vs peer"
PEER[same]=hello
for name in hello flask same "${targets[@]}"; do
  case $name in
    hello) label="C hello-world (peer of kept pages)" ;; flask) label="Flask /grants, rendered (peer)" ;;
    same) label="C hello-world sending /grants's bytes" ;;
    home) label="/ (home), kept" ;; dashboard) label="/dashboard (coordinator), kept" ;;
    grants) label="/grants (officer), kept" ;; picture) label="/picture (regional), kept" ;;
    *-fresh) label="/${name%-fresh}, rendered" ;;
  esac
  r=$(echo "${RPS[$name]}" | median); p=$(echo "${P99[$name]}" | median)
  if [ "$name" = hello ] || [ "$name" = flask ]; then ratio="-"; else ratio="$(echo "${RATIO[$name]}" | median)× ${PEER[$name]}"; fi
  printf '%-38s %11s %9s %12s\n' "$label" "$r" "$p" "$ratio"
done
printf 'kept /grants vs the hello-world sending the same bytes: %s×\n' "$(echo "${RATIO[grants-same]}" | median)"
# The pairs' spread comes mostly from the hello-world's own swings between windows;
# shown so that a reader can tell a slow page from an unlucky pairing.
hello_median=$(echo "${RPS[hello]}" | median)
printf 'hello-world by round: %s requests/s\n' "$(echo "${RPS[hello]}" | xargs)"
for name in home dashboard grants picture; do
  printf 'kept %-10s ratio by round: %s; its median over the hello-world'"'"'s median: %s×\n' "$name" "$(echo "${RATIO[$name]}" | xargs)" \
    "$(awk -v a="$(echo "${RPS[$name]}" | median)" -v b="$hello_median" 'BEGIN { printf "%.2f", a / b }')"
done
printf 'memory: %s MB idle, %s MB after the load (peak %s MB)\n' "$idle_rss" "$load_rss" "$peak"
python3 bench/after_write.py "$BASE"
echo "targets: rendered lists ≥ 3× Flask, p99 < 20 ms; kept pages ≥ 0.70× hello; picture and statistics after a write < 20 ms; memory < 100 MB"
