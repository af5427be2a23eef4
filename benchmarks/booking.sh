#!/usr/bin/env bash
# Booking benchmark: the two calls a learner makes to book, straight to booking-service and through the gateway,
# in one run, with wrk:
#   - slot listing: GET /api/booking/trainers/{trainer}/slots for two weeks of a trainer's advice hours (the slots are
#     generated per local date from the weekly rules, minus what is booked, in the learner's zone);
#   - booking: POST /api/booking/sessions/{id}/seat, each request a real booking (a seat counted by a conditional
#     UPDATE, the learner's overlap checked by the exclusion constraint, the event written to the outbox, all in one
#     transaction): every request books a different session, so none is refused.
# Reports p50/p99 latency and throughput for each case, and the gateway/direct ratios.
#
# Needs the platform running (./meca up), wrk (apt-get install wrk) and python3. Starts a second gateway on
# BENCH_GATEWAY_PORT that never throttles (see common.sh).
#
#   benchmarks/booking.sh        # listing: 60 s warm-up then 30 s per case; booking: 15 s warm-up then 15 s per case
#   CONNECTIONS=32 SESSIONS_PER_CASE=12000 benchmarks/booking.sh
set -euo pipefail

BENCH_NAME=booking
WARMUP="${WARMUP:-60s}"
CONNECTIONS="${CONNECTIONS:-16}"
BOOKING_WARMUP="${BOOKING_WARMUP:-15s}"
BOOKING_DURATION="${BOOKING_DURATION:-15s}"
# sessions made for each booking case (two warm-ups, direct, gateway): more than a case can book in its time, or the
# run is declared invalid (a thread out of sessions repeats its last one and gets 409)
SESSIONS_PER_CASE="${SESSIONS_PER_CASE:-10000}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
BOOKING_URL="${BOOKING_URL:-http://localhost:8085}"
curl -fsS "$BOOKING_URL/actuator/health/readiness" >/dev/null || die "booking-service does not answer at $BOOKING_URL: run ./meca up first"
command -v python3 >/dev/null || die "python3 is missing"

trainer=$(token formateur@meca.demo)
student=$(token apprenti@meca.demo)
trainer_id=$(python3 -c 'import base64,json,sys; p=sys.argv[1].split(".")[1]; print(json.loads(base64.urlsafe_b64decode(p+"="*(-len(p)%4)))["sub"])' "$trainer")

# the trainer's advice hours: every day 06:00–22:00 in Paris, so two weeks hold 448 half-hour slots
weekly=$(for day in MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY; do printf '{"day":"%s","start":"06:00","end":"22:00"},' $day; done)
curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $trainer" -H 'Content-Type: application/json' \
  -d "{\"zone\":\"Europe/Paris\",\"bufferBeforeMinutes\":0,\"bufferAfterMinutes\":0,\"minimumNoticeMinutes\":0,\"maximumAdvanceDays\":30,\"weekly\":[${weekly%,}]}" \
  "$BOOKING_URL/api/booking/trainer/availability/ADVICE"
today=$(TZ=Europe/Paris date +%F)
LISTING="/api/booking/trainers/$trainer_id/slots?kind=ADVICE&from=$today&to=$(TZ=Europe/Paris date -d "$today + 13 days" +%F)&zone=Europe/Paris"

trap stop_bench_gateway EXIT
start_bench_gateway "$LISTING" "$student"

# Sessions to book: 4 × SESSIONS_PER_CASE webinars of 3 minutes, back to back, from 30 days ahead (within the year a
# session may be scheduled ahead, past anything the demo data holds), or from where the previous run stopped (kept in
# RESULTS/.booking-next-start: about four runs fit in the year; then delete the sessions titled « Banc de charge »).
# A time the trainer already holds is skipped.
sessions_dir=$(mktemp -d)
echo "Scheduling $((4 * SESSIONS_PER_CASE)) webinars to book"
python3 - "$BOOKING_URL" "$trainer" "$SESSIONS_PER_CASE" "$sessions_dir" "$RESULTS/.booking-next-start" <<'PY'
import datetime, http.client, json, os, sys, urllib.parse
base, token, per_case, out, bookmark = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
url = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
start = datetime.datetime.now(datetime.timezone.utc).replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=30)
if os.path.exists(bookmark):
    start = max(start, datetime.datetime.fromisoformat(open(bookmark).read().strip()))
ids, tried = [], 0
while len(ids) < 4 * per_case:
    at = start + datetime.timedelta(minutes=3 * tried)
    tried += 1
    body = json.dumps({"kind": "WEBINAR", "title": "Banc de charge %d" % tried, "zone": "Europe/Paris",
                       "startsAt": at.isoformat().replace("+00:00", "Z"),
                       "endsAt": (at + datetime.timedelta(minutes=3)).isoformat().replace("+00:00", "Z"), "capacity": 10})
    conn.request("POST", "/api/booking/trainer/sessions", body,
                 {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    response = conn.getresponse()
    answer = response.read()
    if response.status == 201:
        ids.append(json.loads(answer)["id"])
    elif response.status != 409:
        sys.exit("scheduling a webinar answered %d: %s" % (response.status, answer[:300]))
with open(bookmark, "w") as f:
    f.write((start + datetime.timedelta(minutes=3 * tried)).isoformat())
for i, case in enumerate(["warm-direct", "warm-gateway", "direct", "gateway"]):
    with open("%s/%s" % (out, case), "w") as f:
        f.write("\n".join(ids[i * per_case:(i + 1) * per_case]) + "\n")
PY

# cases: listings for WARMUP then DURATION; bookings for BOOKING_WARMUP then BOOKING_DURATION
warm() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $student" "$1" >/dev/null
}
run() {
  local name=$1 url=$2; shift 2
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" --latency -H "Authorization: Bearer $student" "$@" "$url")
  echo "$out" >"$RESULTS/wrk-booking-$name.txt"
  awk -v name="$name" "$WRK_MS"'
    /requests in/ {n=$1}
    $1=="50%" {p50=ms($2)} $1=="99%" {p99=ms($2)} /^Requests\/sec:/ {rps=$2} /Non-2xx/ {bad=$NF}
    END { printf "%s %.2f %.2f %.0f %d %d\n", name, p50, p99, rps, bad+0, n }' <<<"$out"
}
book() {
  SESSIONS="$sessions_dir/$2" WRK_THREADS="$THREADS" run "$1" "$3" -d "$4" -s "$REPO/benchmarks/booking-seats.lua"
}

echo "Warming up: $WARMUP on each listing case, $BOOKING_WARMUP of bookings on each path"
warm "$BOOKING_URL$LISTING"
warm "$GATEWAY_URL$LISTING"
book warm-direct warm-direct "$BOOKING_URL" "$BOOKING_WARMUP" >/dev/null
book warm-gateway warm-gateway "$GATEWAY_URL" "$BOOKING_WARMUP" >/dev/null
echo "Measuring: $THREADS threads, $CONNECTIONS connections"
student=$(token apprenti@meca.demo)
rows=()
rows+=("$(run listing-direct "$BOOKING_URL$LISTING" -d "$DURATION")")
rows+=("$(run listing-gateway "$GATEWAY_URL$LISTING" -d "$DURATION")")
rows+=("$(book booking-direct direct "$BOOKING_URL" "$BOOKING_DURATION")")
rows+=("$(book booking-gateway gateway "$GATEWAY_URL" "$BOOKING_DURATION")")
rm -rf "$sessions_dir"

report="$RESULTS/booking-$(date -u +%Y%m%dT%H%M%SZ).md"
slots=$(curl -fsS -H "Authorization: Bearer $student" "$BOOKING_URL$LISTING" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
{
  echo "### Booking, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
  echo
  echo "Listing: \`GET /api/booking/trainers/{trainer}/slots\`, two weeks of advice hours ($slots free slots), wrk -t$THREADS -c$CONNECTIONS -d$DURATION after $WARMUP of warm-up."
  echo "Booking: \`POST /api/booking/sessions/{id}/seat\`, each request a new booking of a different session, wrk -t$THREADS -c$CONNECTIONS -d$BOOKING_DURATION after $BOOKING_WARMUP of warm-up on each path."
  echo
  echo "| case | p50 (ms) | p99 (ms) | req/s | non-2xx | requests |"
  echo "|---|---:|---:|---:|---:|---:|"
  for row in "${rows[@]}"; do
    read -r name p50 p99 rps bad n <<<"$row"
    echo "| $name | $p50 | $p99 | $rps | $bad | $n |"
  done
  echo
  for kind in listing booking; do
    read -r _ dp50 dp99 drps _ <<<"$(printf '%s\n' "${rows[@]}" | grep "^$kind-direct ")"
    read -r _ gp50 gp99 grps _ <<<"$(printf '%s\n' "${rows[@]}" | grep "^$kind-gateway ")"
    awk -v k="$kind" -v dp50="$dp50" -v dp99="$dp99" -v drps="$drps" -v gp50="$gp50" -v gp99="$gp99" -v grps="$grps" \
      'BEGIN { printf "- %s: gateway/direct p50 ×%.2f, p99 ×%.2f, throughput ×%.2f\n", k, gp50/dp50, gp99/dp99, grps/drps }'
  done
} | tee "$report"
echo
echo "Report: $report (raw wrk output beside it)"
for row in "${rows[@]}"; do
  read -r name _ _ _ bad _ <<<"$row"
  [ "$bad" -eq 0 ] || die "$name had $bad non-2xx answers: the figures above are not valid"
done
