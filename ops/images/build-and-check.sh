#!/usr/bin/env bash
# Builds our container images with no registry at all, and checks they start and answer their health check:
#   1. a base image made offline: debootstrap of Debian bookworm with openjdk-17-jre-headless (Debian's packages are
#      the only thing fetched), imported with `docker import`;
#   2. the gateway's and payment-service's images built by Jib (the parent pom's "images" profile) from that base
#      (docker://), into the local engine;
#   3. each run as Kubernetes runs it (non-root user of the image, read-only root filesystem, /tmp a tmpfs, every
#      capability dropped, a memory limit the JVM sizes itself by), host network, and asked its readiness.
# Needs root (a private dockerd: --iptables=false --bridge=none, its own data and exec roots under $WORK) and the
# local PostgreSQL on 127.0.0.1:5432 (payment-service migrates its database at start); a private Kafka broker is
# started from the jars ./meca runs (infra/kafka), since payment-service declares its topics before it is ready.
# Usage: ops/images/build-and-check.sh   (WORK=/var/tmp/meca-images by default; KEEP=1 leaves dockerd running)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
WORK=${WORK:-/var/tmp/meca-images}
BASE_IMAGE=meca/jre-base:17-bookworm
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
GATEWAY_PORT=${GATEWAY_PORT:-18080} GATEWAY_MANAGEMENT=${GATEWAY_MANAGEMENT:-19080} PAYMENT_PORT=${PAYMENT_PORT:-18083}
KAFKA_PORT=${KAFKA_PORT:-19092} KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
export DOCKER_HOST=unix://$WORK/docker.sock

log() { printf '\n== %s\n' "$*"; }
[ "$(id -u)" -eq 0 ] || { echo "root is needed (dockerd, debootstrap)" >&2; exit 1; }
mkdir -p "$WORK"

need() { command -v "$1" >/dev/null || { log "installing $2"; apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null; }; }
need dockerd docker.io
need debootstrap debootstrap

cleanup() {
  docker rm -f meca-check-gateway meca-check-payment >/dev/null 2>&1 || true
  if [ -s "$WORK/kafka.pid" ]; then kill "$(cat "$WORK/kafka.pid")" 2>/dev/null || true; rm -f "$WORK/kafka.pid"; fi
  if [ -z "${KEEP:-}" ] && [ -s "$WORK/docker.pid" ]; then kill "$(cat "$WORK/docker.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT

log "dockerd (private: $WORK)"
if ! docker info >/dev/null 2>&1; then
  dockerd --iptables=false --bridge=none --storage-driver=overlay2 --data-root "$WORK/data" --exec-root "$WORK/exec" \
    --pidfile "$WORK/docker.pid" -H "$DOCKER_HOST" >"$WORK/dockerd.log" 2>&1 &
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
docker info --format 'engine {{.ServerVersion}}, storage {{.Driver}}'

if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE: debootstrap bookworm + openjdk-17-jre-headless"
  rootfs=$WORK/rootfs
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1
  # what an image needs no more of: package caches and docs
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'LABEL org.opencontainers.image.title=meca-jre-base org.opencontainers.image.base.name=debian:bookworm' \
    - "$BASE_IMAGE"
fi
docker image ls "$BASE_IMAGE"

log "Jib: gateway and payment-service from docker://$BASE_IMAGE"
./mvnw -B -q -Pimages package -DskipTests -pl gateway,payment-service,infra/kafka -am \
  -Dimage.base="docker://$BASE_IMAGE" -Dimage.goal=dockerBuild \
  -Dgit.commit.id="$(git rev-parse HEAD)" -Dgit.commit.id.abbrev="$(git rev-parse --short=12 HEAD)"
for image in gateway payment-service; do
  docker image inspect "mecaformation/$image:$VERSION" --format \
    "$image: user={{.Config.User}} version={{index .Config.Labels \"org.opencontainers.image.version\"}} revision={{index .Config.Labels \"org.opencontainers.image.revision\"}} entrypoint={{.Config.Entrypoint}}"
done

# as Kubernetes runs them (k8s/base): read-only root, /tmp writable, no capability, memory limit
hardened=(--network host --read-only --tmpfs /tmp:rw,size=256m --cap-drop ALL --security-opt no-new-privileges --memory 768m)

log "gateway (actuator on its management port), discovery as on Kubernetes: Services, no Eureka"
docker run -d --name meca-check-gateway "${hardened[@]}" \
  -e SERVER_PORT="$GATEWAY_PORT" -e GATEWAY_MANAGEMENT_PORT="$GATEWAY_MANAGEMENT" -e EUREKA_CLIENT_ENABLED=false \
  -e SPRING_APPLICATION_JSON='{"spring":{"cloud":{"discovery":{"client":{"simple":{"instances":{"payment-service":[{"uri":"http://127.0.0.1:'"$PAYMENT_PORT"'"}]}}}}}}}' \
  "mecaformation/gateway:$VERSION" >/dev/null

log "Kafka (KRaft, private, 127.0.0.1:$KAFKA_PORT) from infra/kafka's jars"
kafka_data=$WORK/kafka
rm -rf "$kafka_data" && mkdir -p "$kafka_data"
sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@KAFKA_DATA@|$kafka_data|g" \
  infra/kafka/server.properties >"$kafka_data/server.properties"
kafka_java=(java -Dlog4j2.configurationFile="$PWD/infra/kafka/log4j2.properties" -cp "$PWD/infra/kafka/target/lib/*")
"${kafka_java[@]}" kafka.tools.StorageTool format -t "$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
  -c "$kafka_data/server.properties" >"$WORK/kafka-format.log" 2>&1
"${kafka_java[@]}" -Xmx384m kafka.Kafka "$kafka_data/server.properties" >"$WORK/kafka.log" 2>&1 &
echo $! >"$WORK/kafka.pid"
for _ in $(seq 1 60); do (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null && break; sleep 1; done

log "payment-service against the local PostgreSQL (database payment_image_check)"
psql -h 127.0.0.1 -U postgres -d postgres -qc 'DROP DATABASE IF EXISTS payment_image_check' -c 'CREATE DATABASE payment_image_check'
docker run -d --name meca-check-payment "${hardened[@]}" \
  -e SERVER_PORT="$PAYMENT_PORT" -e POSTGRES_HOST=127.0.0.1 -e PAYMENT_DB=payment_image_check -e POSTGRES_USER=postgres \
  -e EUREKA_CLIENT_ENABLED=false -e KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" \
  -e STRIPE_SECRET_KEY=sk_test_image_check -e STRIPE_WEBHOOK_SECRET=whsec_image_check -e STRIPE_API_BASE=http://127.0.0.1:9 \
  "mecaformation/payment-service:$VERSION" >/dev/null

ready() { # name url
  for _ in $(seq 1 120); do
    if curl -fsS "$2" 2>/dev/null | grep -q '"UP"'; then echo "$1: $(curl -fsS "$2")"; return 0; fi
    [ "$(docker inspect -f '{{.State.Running}}' "meca-check-$1")" = true ] || break
    sleep 2
  done
  echo "$1 did not become ready:" >&2; docker logs --tail 60 "meca-check-$1" >&2; return 1
}
ready gateway "http://127.0.0.1:$GATEWAY_MANAGEMENT/actuator/health/readiness"
ready payment "http://127.0.0.1:$PAYMENT_PORT/actuator/health/readiness"
# the public port has no actuator; the gateway routes to payment-service through the simple discovery
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEWAY_PORT/actuator/health")
[ "$code" = 404 ] || { echo "gateway's public port answers $code for /actuator/health" >&2; exit 1; }
echo "gateway public /actuator/health: 404 (management port only)"
# routed by name without Eureka (Kubernetes' discovery, ARCHITECTURE.md): payment-service itself refuses an unsigned
# webhook with 400; the gateway's own fallback would be 503
code=$(curl -s -o "$WORK/webhook.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' \
  "http://127.0.0.1:$GATEWAY_PORT/api/payments/webhooks/stripe")
[ "$code" = 400 ] || { echo "gateway → payment-service answered $code: $(cat "$WORK/webhook.json")" >&2; exit 1; }
echo "gateway → payment-service (simple discovery): 400 $(head -c 160 "$WORK/webhook.json")"
echo "payment-service heap limit from the container: $(docker exec meca-check-payment java -XX:MaxRAMPercentage=70 -XshowSettings:vm -version 2>&1 | grep -i 'max. heap' || true)"
docker exec meca-check-payment id
log "OK: both images built offline and healthy"
