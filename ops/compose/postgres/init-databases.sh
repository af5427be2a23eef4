#!/usr/bin/env bash
# First start of the compose PostgreSQL: one database and one owner role per service (and Keycloak's), each role's
# password from the environment (.env), so a service can reach its own database only.
set -euo pipefail

create() {
  local database=$1 password=$2
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$database" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
}

create catalog "$CATALOG_DB_PASSWORD"
create auth "$AUTH_DB_PASSWORD"
create payment "$PAYMENT_DB_PASSWORD"
create progress "$PROGRESS_DB_PASSWORD"
create gamification "$GAMIFICATION_DB_PASSWORD"
create booking "$BOOKING_DB_PASSWORD"
create keycloak "$KEYCLOAK_DB_PASSWORD"
