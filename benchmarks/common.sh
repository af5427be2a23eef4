# Sourced by the benchmark scripts: the shared settings, Keycloak tokens, wrk's latency units, and the second gateway
# that never throttles. Each script sets BENCH_NAME (for its messages) before sourcing this file.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEYCLOAK_URL="${KEYCLOAK_URL:-http://localhost:8180}"
# the registry's credentials: the password ./meca keeps in its data directory (see eureka_password in ./meca)
EUREKA_URL="${EUREKA_URL:-http://meca:$(cat "$REPO/.meca/eureka.password" 2>/dev/null)@localhost:8761/eureka/}"
BENCH_GATEWAY_PORT="${BENCH_GATEWAY_PORT:-18080}"
# the benchmark gateway's actuator port (the gateway serves /actuator/** only on its management port; 9080 is ./meca's)
BENCH_GATEWAY_MANAGEMENT_PORT="${BENCH_GATEWAY_MANAGEMENT_PORT:-19080}"
DURATION="${DURATION:-30s}"
THREADS="${THREADS:-2}"
RESULTS="${RESULTS:-$REPO/benchmarks/results}"
GATEWAY_JAR="$REPO/gateway/target/gateway-0.1.0-SNAPSHOT-exec.jar"
GATEWAY_URL="http://localhost:$BENCH_GATEWAY_PORT"

die() { echo "$BENCH_NAME: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
[ -f "$GATEWAY_JAR" ] || die "$GATEWAY_JAR is missing: ./mvnw -DskipTests package"
mkdir -p "$RESULTS"

# token USER [PASSWORD]: an access token from the realm's command-line client (demo accounts' password: demo).
token() {
  curl -fsS -d grant_type=password -d client_id=meca-cli -d "username=$1" -d "password=${2:-demo}" \
    "$KEYCLOAK_URL/realms/meca/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# wrk prints latencies as 850.00us, 12.34ms or 1.20s: this awk function turns them into milliseconds.
WRK_MS='function ms(v) { if (v ~ /us$/) return substr(v,1,length(v)-2)/1000; if (v ~ /ms$/) return substr(v,1,length(v)-2)+0; if (v ~ /s$/) return substr(v,1,length(v)-1)*1000; return v }'

# start_bench_gateway PATH [TOKEN]: a second gateway from the same jar on BENCH_GATEWAY_PORT, with a rate limit high
# enough never to refuse, so what is measured is the gateway's own cost (JWT, Redis token bucket, Eureka, proxying),
# not its throttling. Waits until it routes PATH (with TOKEN if given). Scripts call stop_bench_gateway on EXIT.
gateway_pid=""
start_bench_gateway() {
  local path=$1 auth=() log="$RESULTS/bench-gateway.log" code
  [ -n "${2:-}" ] && auth=(-H "Authorization: Bearer $2")
  echo "Starting a benchmark gateway on port $BENCH_GATEWAY_PORT (log: $log)"
  SERVER_PORT="$BENCH_GATEWAY_PORT" GATEWAY_MANAGEMENT_PORT="$BENCH_GATEWAY_MANAGEMENT_PORT" KEYCLOAK_URL="$KEYCLOAK_URL" EUREKA_URL="$EUREKA_URL" MECA_LOG_FORMAT="" \
    RATE_LIMIT_PER_SECOND=1000000 RATE_LIMIT_BURST=2000000 \
    java -Xmx384m -jar "$GATEWAY_JAR" >"$log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 120); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "${auth[@]}" "$GATEWAY_URL$path" || true)
    [ "$code" = 200 ] && return
    sleep 1
  done
  die "the benchmark gateway did not route $path within 2 minutes (last answer: $code); see $log"
}

stop_bench_gateway() {
  [ -n "$gateway_pid" ] || return 0
  kill "$gateway_pid" 2>/dev/null || true
  wait "$gateway_pid" 2>/dev/null || true
}
