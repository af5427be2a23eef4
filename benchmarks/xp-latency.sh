#!/usr/bin/env bash
# XP latency benchmark: how long after a learner completes a lesson through the gateway the XP is there for them
# to see. progress-service records the completion and writes LessonCompleted to its outbox; the relay publishes it to
# Kafka; gamification-service's consumer awards the XP, advances the challenges and commits; the learner reads
# /api/gamification/me/history. Measured over EVENTS completions (one lesson each, one after the other), beside a
# baseline in the same run: the same read-after-write loop against progress-service's own view of the completion,
# which is synchronous, so it shows what the measuring loop itself costs.
#
# Needs the platform running (./meca up) and python3. Starts a second gateway on BENCH_GATEWAY_PORT that never
# throttles (the loop reads every few milliseconds), see common.sh.
#
#   benchmarks/xp-latency.sh              # 200 completions
#   EVENTS=500 benchmarks/xp-latency.sh
set -euo pipefail

BENCH_NAME=xp-latency
EVENTS="${EVENTS:-200}"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
CATALOG_URL="${CATALOG_URL:-http://localhost:8081}"
GAMIFICATION_URL="${GAMIFICATION_URL:-http://localhost:8086}"
curl -fsS "$GAMIFICATION_URL/actuator/health/readiness" >/dev/null || die "gamification-service does not answer at $GAMIFICATION_URL: run ./meca up first"

trap stop_bench_gateway EXIT
start_bench_gateway "/api/catalog/courses?size=1"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
TRAINER="$(token formateur@meca.demo)" ADMIN="$(token admin@meca.demo)" LEARNER="$(token tom.moreau@meca.demo)" \
  CATALOG_URL="$CATALOG_URL" GATEWAY_URL="$GATEWAY_URL" EVENTS="$EVENTS" \
  RAW="$RESULTS/xp-latency-$stamp.csv" REPORT="$RESULTS/xp-latency-$stamp.md" \
  python3 "$REPO/benchmarks/xp-latency.py"
