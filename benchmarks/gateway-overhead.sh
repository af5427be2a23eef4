#!/usr/bin/env bash
# Gateway overhead benchmark: the same catalog requests sent straight to catalog-service and through the gateway,
# in one run, on this machine, with wrk. Reports p50/p99 latency and throughput for each, and the ratios.
#
# Needs the platform running (./meca up) and wrk (apt-get install wrk). It starts a second gateway instance on
# BENCH_GATEWAY_PORT with a rate limit high enough never to refuse, so what is measured is the gateway's own cost
# (JWT validation, Redis token bucket, Eureka load balancing, proxying), not its throttling.
#
#   benchmarks/gateway-overhead.sh                # 30 s per measurement, 16 connections
#   DURATION=60s CONNECTIONS=32 benchmarks/gateway-overhead.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CATALOG_URL="${CATALOG_URL:-http://localhost:8081}"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180}"
EUREKA_URL="${EUREKA_URL:-http://localhost:8761/eureka/}"
BENCH_GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}"
DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
RESULTS="${RESULTS:-$REPO/benchmarks/results}"
GATEWAY_JAR="$REPO/gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar"
GATEWAY_URL="http://localhost:$BENCH_GATEWAY_PORT"
PATH_LIST="/api/catalog/courses?size=20"

die() { echo "gateway-overhead: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
curl -fsS "$CATALOG_URL/actuator/health/readiness" >/dev/null || die "catalog-service does not answer at $CATALOG_URL: run ./meca up first"
[ -f "$GATEWAY_JAR" ] || die "$GATEWAY_JAR is missing: ./mvnw -DskipTests package"

token() {
  curl -fsS -d grant_type=password -d client_id=meca-cli -d "username=$1" -d password=demo \
    "$KEYCLOAK_URL/realms/meca/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

mkdir -p "$RESULTS"
log="$RESULTS/bench-gateway.log"
echo "Starting a benchmark gateway on port $BENCH_GATEWAY_PORT (log: $log)"
SERVER_PORT="$BENCH_GATEWAY_PORT" KEYCLOAK_URL="$KEYCLOAK_URL" EUREKA_URL="$EUREKA_URL" MECA_LOG_FORMAT="" \
  RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_BURST=2000000 \
  java -Xmx384m -jar "$GATEWAY_JAR" >"$log" 2>&1 &
gateway_pid=$!
trap 'kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$GATEWAY_URL$PATH_LIST" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || die "the benchmark gateway did not route within 2 minutes (last answer: $code); see $log"

# A catalog worth listing: at least 100 published courses.
published=$(curl -fsS "$CATALOG_URL/api/catalog/courses?size=1" | sed -E 's/.*"totalItems":([0-9]+).*/\1/')
if [ "$published" -lt 100 ]; then
  echo "Seeding $((100 - published)) published courses"
  trainer=$(token formateur@meca.demo)
  for i in $(seq "$published" 99); do
    id=$(curl -fsS -H "Authorization: Bearer $trainer" -H 'Content-Type: application/json' \
      -d "{\"title\":\"Module de référence $i : entretien et diagnostic\",\"description\":\"Cours de test de charge.\",\"category\":\"ENTRETIEN\",\"level\":\"DEBUTANT\",\"price\":120.00,\"durationMinutes\":90}" \
      "$CATALOG_URL/api/catalog/courses" | sed -E 's/.*"id":"([^"]+)".*/\1/')
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $trainer" "$CATALOG_URL/api/catalog/courses/$id/publish"
  done
fi

# run NAME URL [TOKEN]: prints "NAME p50_ms p99_ms req_per_s non2xx"
run() {
  local name=$1 url=$2 auth=()
  [ -n "${3:-}" ] && auth=(-H "Authorization: Bearer $3")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${auth[@]}" "$url" >/dev/null
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${auth[@]}" "$url")
  echo "$out" >"$RESULTS/wrk-$name.txt"
  awk -v name="$name" '
    function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /^Requests\/sec:/ {rps=$2} /Non-2xx/ {bad=$NF}
    END { printf "%s %.2f %.2f %.0f %d\n", name, p50, p99, rps, bad+0 }' <<<"$out"
}

student=$(token apprenti@meca.demo)
echo "Measuring: $THREADS threads, $CONNECTIONS connections, $WARMUP warm-up + $DURATION per case"
rows=()
rows+=("$(run direct-anonymous "$CATALOG_URL$PATH_LIST")")
rows+=("$(run gateway-anonymous "$GATEWAY_URL$PATH_LIST")")
student=$(token apprenti@meca.demo)
rows+=("$(run direct-jwt "$CATALOG_URL$PATH_LIST" "$student")")
rows+=("$(run gateway-jwt "$GATEWAY_URL$PATH_LIST" "$student")")

report="$RESULTS/gateway-overhead-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "### Gateway overhead, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
  echo
  echo "\`GET $PATH_LIST\` (20 published courses of $((published < 100 ? 100 : published))), wrk -t$THREADS -c$CONNECTIONS -d$DURATION after $WARMUP warm-up."
  echo
  echo "| case | p50 (ms) | p99 (ms) | req/s | non-2xx |"
  echo "|---|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    read -r name p50 p99 rps bad <<<"$row"
    echo "| $name | $p50 | $p99 | $rps | $bad |"
  done
  echo
  for kind in anonymous jwt; do
    read -r _ dp50 dp99 drps _ <<<"$(printf '%s\n' "${rows[@]}" | grep "^direct-$kind ")"
    read -r _ gp50 gp99 grps _ <<<"$(printf '%s\n' "${rows[@]}" | grep "^gateway-$kind ")"
    awk -v k="$kind" -v dp50="$dp50" -v dp99="$dp99" -v drps="$drps" -v gp50="$gp50" -v gp99="$gp99" -v grps="$grps" \
      'BEGIN { printf "- %s: gateway/direct p50 ×%.2f, p99 ×%.2f, throughput ×%.2f\n", k, gp50/dp50, gp99/dp99, grps/drps }'
  done
} | tee "$report"
echo
echo "Report: $report (raw wrk output beside it)"
for row in "${rows[@]}"; do
  read -r name _ _ _ bad <<<"$row"
  [ "$bad" -eq 0 ] || die "$name had $bad non-2xx answers: the figures above are not valid"
done
