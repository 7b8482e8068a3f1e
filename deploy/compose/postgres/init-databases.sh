#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data volume: one database and one
# owner role per service, as in production (each service owns its schema through Flyway).
# Passwords come from the container environment (DEV-ONLY values in docker-compose.yml).
set -euo pipefail

create_database() {
  local database="$1" role="$2" password="$3"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       -v db="$database" -v role="$role" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"role";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
SQL
  echo "init-databases: created database ${database} owned by ${role}"
}

create_database sprintrr_keys        sprintrr_keys        "$SPRINTRR_KEYS_DB_PASSWORD"
create_database sprintrr_generations sprintrr_generations "$SPRINTRR_GENERATIONS_DB_PASSWORD"
create_database sprintrr_credits     sprintrr_credits     "$SPRINTRR_CREDITS_DB_PASSWORD"
