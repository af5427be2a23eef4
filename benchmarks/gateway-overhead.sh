#!/usr/bin/env bash
# Gateway overhead benchmark: the same catalog requests sent straight to catalog-service and through the gateway,
# in one run, on this machine, with wrk. Reports p50/p99 latency, throughput and CPU per request for each, and the
# ratios.
#
# Needs the platform running (./meca up) and wrk (apt-get install wrk). It starts a second gateway instance on
# BENCH_GATEWAY_PORT with a rate limit high enough never to refuse, so what is measured is the gateway's own cost
# (JWT validation, Redis token bucket, Eureka load balancing, proxying), not its throttling.
#
#   benchmarks/gateway-overhead.sh                # 60 s warm-up then 30 s per case, 16 connections
#   DURATION=60s CONNECTIONS=32 benchmarks/gateway-overhead.sh
#   benchmarks/seed-catalog.sh 10000 && PATH_LIST='/api/catalog/search?q=frein' benchmarks/gateway-overhead.sh
set -euo pipefail

BENCH_NAME=gateway-overhead
WARMUP="${WARMUP:-60s}"
CONNECTIONS="${CONNECTIONS:-16}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CATALOG_URL="${CATALOG_URL:-http://localhost:8081}"
# What is requested; e.g. PATH_LIST="/api/catalog/search?q=frein" after benchmarks/seed-catalog.sh 10000
PATH_LIST="${PATH_LIST:-/api/catalog/courses?size=20}"
curl -fsS "$CATALOG_URL/actuator/health/readiness" >/dev/null || die "catalog-service does not answer at $CATALOG_URL: run ./meca up first"

trap stop_bench_gateway EXIT
start_bench_gateway "$PATH_LIST"

# A catalog worth listing: at least 100 published courses.
published=$(curl -fsS "$CATALOG_URL/api/catalog/courses?size=1" | sed -E 's/.*"totalItems":([0-9]+).*/\1/')
if [ "$published" -lt 100 ]; then
  echo "Seeding $((100 - published)) published courses"
  trainer=$(token formateur@meca.demo)
  admin=$(token admin@meca.demo)
  for i in $(seq "$published" 99); do
    id=$(curl -fsS -H "Authorization: Bearer $trainer" -H 'Content-Type: application/json' \
      -d "{\"title\":\"Module de référence $i : entretien et diagnostic\",\"description\":\"Cours de test de charge.\",\"category\":\"ENTRETIEN\",\"level\":\"DEBUTANT\",\"price\":120.00,\"durationMinutes\":90}" \
      "$CATALOG_URL/api/catalog/courses" | sed -E 's/.*"id":"([^"]+)".*/\1/')
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $trainer" "$CATALOG_URL/api/catalog/courses/$id/submit"
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $admin" "$CATALOG_URL/api/catalog/courses/$id/publish"
  done
fi

# warm URL [TOKEN]: load without measuring, so both JVMs have compiled every path before any case is measured.
warm() {
  local url=$1 auth=()
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "${auth[@]}" "$url" >/dev/null
}

# cpu_ticks PID: user + system CPU the process has used, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
catalog_pid=$(ss -ltnpH "sport = :${CATALOG_URL##*:}" | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1)
[ -n "$catalog_pid" ] || die "cannot find the process listening at $CATALOG_URL (run as the user who started it)"

# run NAME URL [TOKEN]: prints "NAME p50_ms p99_ms req_per_s non2xx catalog_cpu_ms_per_req gateway_cpu_ms_per_req".
# CPU per request is the saturation-independent figure: on 2 shared cores, throughput mostly says who got the CPU.
run() {
  local name=$1 url=$2 auth=()
  [ -n "${3:-}" ] && auth=(-H "Authorization: Bearer $3")
  local out catalog_before gateway_before catalog_after gateway_after
  catalog_before=$(cpu_ticks "$catalog_pid"); gateway_before=$(cpu_ticks "$gateway_pid")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "${auth[@]}" "$url")
  catalog_after=$(cpu_ticks "$catalog_pid"); gateway_after=$(cpu_ticks "$gateway_pid")
  echo "$out" >"$RESULTS/wrk-$name.txt"
  awk -v name="$name" -v hz="$ticks_per_second" -v cat=$((catalog_after - catalog_before)) -v gw=$((gateway_after - gateway_before)) "$WRK_MS"'
    /requests in/ {n=$1}
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /^Requests\/sec:/ {rps=$2} /Non-2xx/ {bad=$NF}
    END { printf "%s %.2f %.2f %.0f %d %.2f %.2f\n", name, p50, p99, rps, bad+0, cat*1000/hz/n, gw*1000/hz/n }' <<<"$out"
}

student=$(token apprenti@meca.demo)
echo "Warming up: $WARMUP on each of the four cases"
warm "$CATALOG_URL$PATH_LIST"
warm "$GATEWAY_URL$PATH_LIST"
warm "$CATALOG_URL$PATH_LIST" "$student"
warm "$GATEWAY_URL$PATH_LIST" "$student"
echo "Measuring: $THREADS threads, $CONNECTIONS connections, $DURATION per case"
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
  echo "\`GET $PATH_LIST\` on a catalog of $((published < 100 ? 100 : published)) published courses, wrk -t$THREADS -c$CONNECTIONS -d$DURATION after $WARMUP of warm-up on each case."
  echo
  echo "| case | p50 (ms) | p99 (ms) | req/s | non-2xx | catalog CPU ms/req | gateway CPU ms/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    read -r name p50 p99 rps bad catalog_cpu gateway_cpu <<<"$row"
    [[ $name == direct-* ]] && gateway_cpu="–"
    echo "| $name | $p50 | $p99 | $rps | $bad | $catalog_cpu | $gateway_cpu |"
  done
  echo
  for kind in anonymous jwt; do
    read -r _ dp50 dp99 drps _ dcat _ <<<"$(printf '%s\n' "${rows[@]}" | grep "^direct-$kind ")"
    read -r _ gp50 gp99 grps _ gcat ggw <<<"$(printf '%s\n' "${rows[@]}" | grep "^gateway-$kind ")"
    awk -v k="$kind" -v dp50="$dp50" -v dp99="$dp99" -v drps="$drps" -v gp50="$gp50" -v gp99="$gp99" -v grps="$grps" \
      -v dcat="$dcat" -v gcat="$gcat" -v ggw="$ggw" \
      'BEGIN { printf "- %s: gateway/direct p50 ×%.2f, p99 ×%.2f, throughput ×%.2f; the gateway spends %.2f ms of CPU per request, ×%.2f what catalog-service spends (%.2f ms)\n", k, gp50/dp50, gp99/dp99, grps/drps, ggw, ggw/gcat, gcat }'
  done
} | tee "$report"
echo
echo "Report: $report (raw wrk output beside it)"
for row in "${rows[@]}"; do
  read -r name _ _ _ bad _ <<<"$row"
  [ "$bad" -eq 0 ] || die "$name had $bad non-2xx answers: the figures above are not valid"
done
