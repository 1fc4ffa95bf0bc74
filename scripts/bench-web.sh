#!/usr/bin/env bash
# Load benchmark of the pre-check API: single POST /api/suitability/checks requests with a product team's API key
# from 64 concurrent connections on loopback, measured with wrk (Debian's package, installed here when missing).
#
#   bash scripts/bench-web.sh [--data DIR] [--duration 20s] [--connections 64] [--threads 2]
#
# Prepares everything in a scratch directory: a `surveil run` over the export (default: fixtures/), a user
# directory with a supervisor and a product-team API key, then starts `surveil serve` (Release) on 127.0.0.1,
# runs wrk with a Lua script that posts JSON bodies over every customer x product pair of the export, prints
# requests/s, latency percentiles and non-2xx counts, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."

data=fixtures
duration=20s
connections=64
threads=2
port=5090
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
  else
    echo "bench-web: wrk is missing; install Debian's wrk package" >&2
    exit 2
  fi
fi

dotnet build src/Surveillance.Cli -c Release -v q -nologo >/dev/null
cli=src/Surveillance.Cli/bin/Release/net10.0/surveil.dll
surveil() { dotnet "$cli" "$@"; }

work=$(mktemp -d /tmp/surveil-bench-web-XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "bench-web: surveil run over $data" >&2
surveil run "$data" --out "$work/run" >"$work/run.log" 2>&1
users="$work/users.db"
echo "a-long-benchmark-password" | surveil users add --name bench --role supervisor --users "$users" >/dev/null 2>&1
key=$(surveil users key --name load-bench --role product --users "$users" 2>/dev/null | grep -E '^sv_' | tail -n 1)

# Every customer of the export against every product: real lookups, not one cached answer.
customers=$(tail -n +2 "$data/customers.csv" | cut -d, -f1 | tr -d '\r' | sed 's/.*/"&"/' | paste -sd, -)
products=$(tail -n +2 "$data/instruments.csv" | cut -d, -f1 | tr -d '\r' | sed 's/.*/"&"/' | paste -sd, -)
cat >"$work/checks.lua" <<LUA
local customers = { $customers }
local products = { $products }
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = "$key"
local bodies = {}
for _, c in ipairs(customers) do
  for _, p in ipairs(products) do
    bodies[#bodies + 1] = string.format('{"customer":"%s","product":"%s","amount":50000,"proactive":true}', c, p)
  end
end
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, "/api/suitability/checks", nil, bodies[(i % #bodies) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("non-2xx responses: %d; socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.status, e.connect, e.read, e.write, e.timeout))
end
LUA

if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)" != "000" ]; then
  echo "bench-web: something already listens on port $port" >&2
  exit 1
fi
echo "bench-web: starting surveil serve on 127.0.0.1:$port" >&2
# dotnet itself in the background (not a shell function), so that $! is the server's own process id.
dotnet "$cli" serve --db "$work/run/surveillance.db" --rules rules --data "$data" --users "$users" --urls "http://127.0.0.1:$port" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$port/openapi/v1.json" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
  sleep 0.5
done

# One check by hand, so that a broken setup shows as an error rather than as a fast stream of 4xx.
curl -fsS -H "X-Api-Key: $key" -H "Content-Type: application/json" \
  -d "{\"customer\":$(echo "$customers" | cut -d, -f1),\"product\":$(echo "$products" | cut -d, -f1)}" \
  "http://127.0.0.1:$port/api/suitability/checks" >/dev/null

echo "bench-web: warm-up 5s" >&2
wrk -t "$threads" -c "$connections" -d 5s -s "$work/checks.lua" "http://127.0.0.1:$port" >/dev/null
echo "bench-web: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
# The server's CPU time (user + system, in clock ticks) around the measured run: CPU per request carries over
# from a shared machine better than wall-clock throughput does.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
before=$(cpu_ticks)
echo "bench-web: wrk -t $threads -c $connections -d $duration --latency (POST /api/suitability/checks)"
wrk -t "$threads" -c "$connections" -d "$duration" --latency -s "$work/checks.lua" "http://127.0.0.1:$port" | tee "$work/wrk.txt"
after=$(cpu_ticks)
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
  'BEGIN { s = t / hz; printf "bench-web: server CPU %.2f s for %d requests = %.0f us per request = %.0f requests per CPU-second\n", s, n, s * 1e6 / n, n / s }'
echo "bench-web: load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench-web: check log lines written: $(wc -l <"$work/run/suitability-checks.jsonl" 2>/dev/null || echo 0)"
