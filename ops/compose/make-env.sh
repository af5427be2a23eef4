#!/usr/bin/env bash
# Writes .env for docker-compose with fresh random secrets (never committed: .gitignore has it). Keeps an existing
# .env: the certificate and badge keys and the database passwords must survive a restart. Needs openssl.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[ -e .env ] && { echo ".env existe déjà : rien n'est changé." >&2; exit 0; }
command -v openssl >/dev/null || { echo "openssl est nécessaire (apt-get install openssl)." >&2; exit 1; }

random() { head -c "$1" /dev/urandom | base64 -w0; }
hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
pem=$(openssl genpkey -algorithm ED25519)
d=$(printf '%s\n' "$pem" | openssl pkey -outform DER | tail -c 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')
x=$(printf '%s\n' "$pem" | openssl pkey -pubout -outform DER | tail -c 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')
# gamification-service's badge key: a pair of its own (one service's key never signs the other's credentials)
badge_pem=$(openssl genpkey -algorithm ED25519)
bd=$(printf '%s\n' "$badge_pem" | openssl pkey -outform DER | tail -c 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')
bx=$(printf '%s\n' "$badge_pem" | openssl pkey -pubout -outform DER | tail -c 32 | base64 -w0 | tr '+/' '-_' | tr -d '=')

# every variable of .env.example, with its value made here instead of the example's
(umask 077
sed -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$(hex 16)|" \
    -e "s|^CATALOG_DB_PASSWORD=.*|CATALOG_DB_PASSWORD=$(hex 16)|" \
    -e "s|^AUTH_DB_PASSWORD=.*|AUTH_DB_PASSWORD=$(hex 16)|" \
    -e "s|^PAYMENT_DB_PASSWORD=.*|PAYMENT_DB_PASSWORD=$(hex 16)|" \
    -e "s|^PROGRESS_DB_PASSWORD=.*|PROGRESS_DB_PASSWORD=$(hex 16)|" \
    -e "s|^GAMIFICATION_DB_PASSWORD=.*|GAMIFICATION_DB_PASSWORD=$(hex 16)|" \
    -e "s|^BOOKING_DB_PASSWORD=.*|BOOKING_DB_PASSWORD=$(hex 16)|" \
    -e "s|^KEYCLOAK_DB_PASSWORD=.*|KEYCLOAK_DB_PASSWORD=$(hex 16)|" \
    -e "s|^KEYCLOAK_ADMIN_PASSWORD=.*|KEYCLOAK_ADMIN_PASSWORD=$(hex 16)|" \
    -e "s|^EUREKA_PASSWORD=.*|EUREKA_PASSWORD=$(hex 24)|" \
    -e "s|^MEDIA_SIGNING_KEY=.*|MEDIA_SIGNING_KEY=$(random 48)|" \
    -e "s|^PLAYBACK_GRANT_KEY=.*|PLAYBACK_GRANT_KEY=$(random 48)|" \
    -e "s|^CERTIFICATE_SIGNING_KEY=.*|CERTIFICATE_SIGNING_KEY={\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"meca-$(date -u +%Y%m%d)\",\"d\":\"$d\",\"x\":\"$x\"}|" \
    -e "s|^BADGE_SIGNING_KEY=.*|BADGE_SIGNING_KEY={\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"meca-badges-$(date -u +%Y%m%d)\",\"d\":\"$bd\",\"x\":\"$bx\"}|" \
    -e "s|^GRAFANA_ADMIN_PASSWORD=.*|GRAFANA_ADMIN_PASSWORD=$(hex 16)|" \
    .env.example | grep -v '^#' | grep -v '^$' > .env)
echo ".env écrit (secrets aléatoires)."
