#!/usr/bin/env bash
# Heartbeat load benchmark: players' heartbeats sent straight to progress-service and through the gateway, in one
# run, with wrk. Reports p50/p99 latency, heartbeats per second and non-2xx answers for each, and the heartbeats
# written per transaction (group commit) as progress-service's metrics saw them.
#
# Needs the platform running (./meca up), wrk and ffmpeg. It creates LEARNERS learner accounts in Keycloak
# (bench-N@meca.demo), a free course whose lesson plays a 60 s video, enrols every learner, then loads. Like
# gateway-overhead.sh it starts a second gateway with a rate limit high enough never to refuse (each learner sends
# far more than the 20/s a real player needs), so what is measured is the gateway's cost, not its throttling.
#
#   benchmarks/heartbeats.sh                      # 200 learners, 30 s warm-up, 30 s per case, 64 connections
#   LEARNERS=500 CONNECTIONS=128 DURATION=60s benchmarks/heartbeats.sh
set -euo pipefail

BENCH_NAME=heartbeats
WARMUP="${WARMUP:-30s}"
CONNECTIONS="${CONNECTIONS:-64}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
PROGRESS_URL="${PROGRESS_URL:-http://localhost:8084}"
CATALOG_URL="${CATALOG_URL:-http://localhost:8081}"
LEARNERS="${LEARNERS:-200}"
command -v ffmpeg >/dev/null || die "ffmpeg is missing: apt-get install ffmpeg"
curl -fsS "$PROGRESS_URL/actuator/health/readiness" >/dev/null || die "progress-service does not answer at $PROGRESS_URL: run ./meca up first"
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

work=$(mktemp -d)
trap 'stop_bench_gateway; rm -rf "$work"' EXIT

# --- learners: Keycloak accounts with the student role ----------------------------------------------------------
kc_admin=$(curl -fsS -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
  "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" | json 'd["access_token"]')
student_role=$(curl -fsS -H "Authorization: Bearer $kc_admin" "$KEYCLOAK_URL/admin/realms/meca/roles/student")
echo "Preparing $LEARNERS learner accounts"
for i in $(seq 1 "$LEARNERS"); do
  user="bench-$i@meca.demo"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $kc_admin" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"email\":\"$user\",\"emailVerified\":true,\"enabled\":true,\"firstName\":\"Banc\",\"lastName\":\"Essai $i\",\"credentials\":[{\"type\":\"password\",\"value\":\"Bench-password-$i\",\"temporary\":false}]}" \
    "$KEYCLOAK_URL/admin/realms/meca/users")
  if [ "$code" = 201 ]; then
    id=$(curl -fsS -H "Authorization: Bearer $kc_admin" "$KEYCLOAK_URL/admin/realms/meca/users?exact=true&username=$user" | json 'd[0]["id"]')
    curl -fsS -o /dev/null -H "Authorization: Bearer $kc_admin" -H 'Content-Type: application/json' -d "[$student_role]" \
      "$KEYCLOAK_URL/admin/realms/meca/users/$id/role-mappings/realm"
  elif [ "$code" != 409 ]; then
    die "cannot create $user in Keycloak (HTTP $code)"
  fi
done

# --- a free course with one published video lesson ----------------------------------------------------------------
trainer=$(token formateur@meca.demo)
admin=$(token admin@meca.demo)
auth_trainer=(-H "Authorization: Bearer $trainer")
echo "Creating the course and its 60 s video lesson"
course=$(curl -fsS "${auth_trainer[@]}" -H 'Content-Type: application/json' \
  -d '{"title":"Banc de charge '"$(date -u +%Y%m%d-%H%M%S)"' : suivi vidéo","description":"Formation créée par le banc de charge des heartbeats.","category":"ENTRETIEN","level":"DEBUTANT","price":0,"durationMinutes":10}' \
  "$CATALOG_URL/api/catalog/courses" | json 'd["id"]')
module=$(curl -fsS "${auth_trainer[@]}" -H 'Content-Type: application/json' -d '{"title":"Module unique"}' \
  "$CATALOG_URL/api/catalog/courses/$course/modules" | json 'd["id"]')
lesson=$(curl -fsS "${auth_trainer[@]}" -H 'Content-Type: application/json' -d '{"title":"Vidéo de charge","kind":"VIDEO"}' \
  "$CATALOG_URL/api/catalog/modules/$module/lessons" | json 'd["id"]')
ffmpeg -loglevel error -f lavfi -i testsrc=duration=60:size=640x360:rate=25 -f lavfi -i sine=frequency=440:duration=60 \
  -c:v libx264 -preset ultrafast -c:a aac -shortest "$work/lesson.mp4"
video=$(curl -fsS "${auth_trainer[@]}" -F "file=@$work/lesson.mp4;type=video/mp4" \
  "$CATALOG_URL/api/catalog/lessons/$lesson/video" | json 'd["id"]')
for _ in $(seq 1 120); do
  status=$(curl -fsS "${auth_trainer[@]}" "$CATALOG_URL/api/catalog/videos/$video" | json 'd["status"]')
  [ "$status" = READY ] && break
  sleep 1
done
[ "$status" = READY ] || die "the video did not become READY in 2 minutes (status $status)"
curl -fsS -o /dev/null -X POST "${auth_trainer[@]}" "$CATALOG_URL/api/catalog/lessons/$lesson/publish"
curl -fsS -o /dev/null -X POST "${auth_trainer[@]}" "$CATALOG_URL/api/catalog/courses/$course/submit"
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $admin" "$CATALOG_URL/api/catalog/courses/$course/publish"

echo "Enrolling the learners and fetching their tokens"
: >"$work/tokens"
for i in $(seq 1 "$LEARNERS"); do
  t=$(token "bench-$i@meca.demo" "Bench-password-$i")
  curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $t" "$CATALOG_URL/api/catalog/courses/$course/enrolment"
  echo "$t" >>"$work/tokens"
done
last=$(tail -1 "$work/tokens")
for _ in $(seq 1 60); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $last" "$PROGRESS_URL/api/progress/courses/$course")
  [ "$code" = 200 ] && break
  sleep 1
done
[ "$code" = 200 ] || die "progress-service did not learn the enrolments within a minute (HTTP $code)"

# --- a gateway that never throttles, beside the platform's own --------------------------------------------------
start_bench_gateway "/api/progress/courses/$course" "$last"

export BENCH_TOKENS="$work/tokens" BENCH_LESSON="$lesson" BENCH_THREADS="$THREADS"
batch_metric() {
  curl -fsS "$PROGRESS_URL/actuator/prometheus" | awk '/^meca_progress_heartbeat_batch_size_count/ {c=$2} /^meca_progress_heartbeat_batch_size_sum/ {s=$2} END {print c+0, s+0}'
}

# run NAME URL: prints "NAME p50_ms p99_ms req_per_s non2xx heartbeats_per_transaction"
run() {
  local name=$1 url=$2 out before after
  before=$(batch_metric)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$REPO/benchmarks/heartbeats.lua" "$url")
  after=$(batch_metric)
  echo "$out" >"$RESULTS/wrk-heartbeats-$name.txt"
  awk -v name="$name" -v before="$before" -v after="$after" "$WRK_MS"'
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /^Requests\/sec:/ {rps=$2} /Non-2xx/ {bad=$NF}
    END { split(before, b, " "); split(after, a, " "); batches=a[1]-b[1]; per=(batches > 0 ? (a[2]-b[2])/batches : 0);
          printf "%s %.2f %.2f %.0f %d %.1f\n", name, p50, p99, rps, bad+0, per }' <<<"$out"
}

echo "Warming up: $WARMUP on each case"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$REPO/benchmarks/heartbeats.lua" "$PROGRESS_URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$REPO/benchmarks/heartbeats.lua" "$GATEWAY_URL" >/dev/null
echo "Measuring: $THREADS threads, $CONNECTIONS connections, $DURATION per case, $LEARNERS learners"
rows=("$(run direct "$PROGRESS_URL")" "$(run gateway "$GATEWAY_URL")")

report="$RESULTS/heartbeats-$(date -u +%Y%m%dT%H%M%SZ).md"
{
  echo "### Heartbeats, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
  echo
  echo "\`POST /api/progress/lessons/{id}/heartbeat\`, $LEARNERS learners taking turns, wrk -t$THREADS -c$CONNECTIONS -d$DURATION after $WARMUP of warm-up on each case; everything (PostgreSQL, Kafka, Keycloak, services, wrk) on this machine."
  echo
  echo "| case | p50 (ms) | p99 (ms) | heartbeats/s | non-2xx | heartbeats per transaction |"
  echo "|---|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    read -r name p50 p99 rps bad per <<<"$row"
    echo "| $name | $p50 | $p99 | $rps | $bad | $per |"
  done
} | tee "$report"
echo
echo "Report: $report (raw wrk output beside it)"
for row in "${rows[@]}"; do
  read -r name _ _ _ bad _ <<<"$row"
  [ "$bad" -eq 0 ] || die "$name had $bad non-2xx answers: the figures above are not valid"
done
