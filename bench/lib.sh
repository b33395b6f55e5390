# Shared by the benchmark scripts: free ports, wrk runs, medians, memory.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# measure URL [HEADER...] -> "requests_per_second p99_ms"; SCRIPT=file.lua adds a wrk script
measure() {
  local url=$1 header
  shift
  local args=(-t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  for header in "$@"; do args+=(-H "$header"); done
  [ -n "${SCRIPT:-}" ] && args+=(-s "$SCRIPT")
  wrk "${args[@]}" "$url" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ *99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } p99 = v }
    END { printf "%.0f %.2f\n", rps, p99 }'
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# resident and peak memory of PID in MB: "rss hwm"
memory() { awk '/VmRSS/ { r = $2 } /VmHWM/ { h = $2 } END { printf "%.1f %.1f\n", r / 1024, h / 1024 }' "/proc/$1/status"; }

wait_for() { for _ in $(seq 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; return 1; }

# sign_in BASE EMAIL PASSWORD -> "session=…"
sign_in() {
  local jar token
  jar=$(mktemp)
  token=$(curl -s -c "$jar" "$1/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"//')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=$2" --data-urlencode "password=$3" --data-urlencode "_csrf=$token" "$1/sign-in"
  awk '$6 == "session" { print "session=" $7 }' "$jar"
  rm -f "$jar"
}
