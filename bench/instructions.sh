#!/usr/bin/env bash
# Instructions per kept page, counted by valgrind (callgrind), for Kalyna and
# the hello-world peer (bench/hello.c) in the same run.
#
# Requests per second on this machine swing by ±20–40% between 5-second
# windows, so a change worth a few percent cannot be seen in bench/pages.sh.
# An instruction count does not depend on what else the machine is doing: it
# is the figure to compare before and after a change to the per-request path.
# It is not time (it ignores cache misses and the kernel), so confirm a change
# with bench/pages.sh.
#
# Counted: every instruction of the server process while wrk sends kept
# requests (one thread, two connections), divided by the requests answered.
# libmicrohttpd clears each connection's 32 KB memory pool twice per request,
# and valgrind counts `rep stosb` byte by byte (~49,000 "instructions" that
# are a few hundred cycles), the same for both servers: shown apart.
#
#   bench/instructions.sh                  # /picture as the programme officer
#   PAGE=/grants bench/instructions.sh
#   FRESH=1 PAGE=/cases bench/instructions.sh   # rendered from the database each time (bench/fresh.lua)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh

PAGE=${PAGE:-/picture}
OUT=bench/out
mkdir -p "$OUT"
export KALYNA_NARRATIVE_KEY=${KALYNA_NARRATIVE_KEY:-$(printf 'be%.0s' $(seq 32))}
command -v valgrind >/dev/null || scripts/ensure-packages valgrind

swift build -c release >/dev/null
gcc -O2 -o "$OUT/hello" bench/hello.c -lmicrohttpd
# valgrind 3.19 cannot read the DWARF 5 that Swift writes; the symbol table is enough.
objcopy --strip-debug .build/release/kalyna "$OUT/kalyna-symbols"
# A small demo: a kept page's cost does not depend on the data behind it, and
# the server starts in seconds under valgrind.
DB="$OUT/demo-1.sqlite"
[ -f "$DB" ] || .build/release/kalyna demo --scale 1 --database "$DB" >/dev/null

# count NAME URL COOKIE PID CALLGRIND_OUT [WRK_ARGS...]: prints "NAME requests total memset"
count() {
  local name=$1 url=$2 cookie=$3 pid=$4 out=$5 requests file
  shift 5
  wrk -t1 -c2 -d2s "$@" -H "$cookie" -H "Accept-Encoding: gzip, deflate, br" "$url" >/dev/null
  callgrind_control -i on "$pid" >/dev/null
  requests=$(wrk -t1 -c2 -d5s "$@" -H "$cookie" -H "Accept-Encoding: gzip, deflate, br" "$url" | awk '/requests in/ { print $1 }')
  callgrind_control -i off "$pid" >/dev/null
  callgrind_control -d "$pid" >/dev/null
  file=$(ls -S "$out"* | head -1)
  callgrind_annotate "$file" 2>/dev/null | awk -v name="$name" -v n="$requests" '
    { gsub(",", "", $1) }
    /PROGRAM TOTALS/ { total = $1 }
    /memset/ && !memset { memset = $1 }
    END { printf "%s %d %d %d\n", name, n, total / n, memset / n }'
}

rm -f "$OUT"/callgrind.*
KALYNA_PORT=$(free_port); HELLO_PORT=$(free_port)
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.kalyna" \
  "$OUT/kalyna-symbols" serve --port "$KALYNA_PORT" --database "$DB" 2>"$OUT/instructions.log" &
KALYNA_PID=$!
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.hello" \
  "$OUT/hello" "$HELLO_PORT" 2 2>>"$OUT/instructions.log" &
HELLO_PID=$!
trap 'kill $KALYNA_PID $HELLO_PID 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$KALYNA_PORT"
for _ in $(seq 600); do curl -fs "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
wait_for "http://127.0.0.1:$HELLO_PORT/"
OFFICER=$(sign_in "$BASE" po@demo.kalyna kalyna-demo-2027)

{
  count hello "http://127.0.0.1:$HELLO_PORT/" "Cookie: $OFFICER" "$HELLO_PID" "$OUT/callgrind.hello"
  if [ -n "${FRESH:-}" ]; then
    count "rendered $PAGE" "$BASE$PAGE" "Cookie: $OFFICER" "$KALYNA_PID" "$OUT/callgrind.kalyna" -s bench/fresh.lua
  else
    count "kept $PAGE" "$BASE$PAGE" "Cookie: $OFFICER" "$KALYNA_PID" "$OUT/callgrind.kalyna"
  fi
} | awk -v date="$(date -u +%F)" -v kind="$([ -n "${FRESH:-}" ] && echo rendered || echo kept)" '
  BEGIN { printf "%s, instructions per request (callgrind), wrk -t1 -c2, 5 s\n", date
          printf "%-22s %9s %14s %16s\n", "server", "requests", "instructions", "without memset" }
  { name = $1; for (i = 2; i <= NF - 3; i++) name = name " " $i
    rest = $(NF - 1) - $NF; printf "%-22s %9d %14d %16d\n", name, $(NF - 2), $(NF - 1), rest; if (NR == 1) hello = rest; else kept = rest }
  END { if (hello > 0) printf "%s page without memset: %.1f× the hello-world'"'"'s\n", kind, kept / hello }'
echo "The breakdown by function: callgrind_annotate --inclusive=yes $OUT/callgrind.kalyna.1 | less"
