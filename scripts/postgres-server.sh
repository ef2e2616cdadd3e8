#!/usr/bin/env bash
# A local PostgreSQL for the tests and for writing migrations, on a Debian/Ubuntu machine:
# installs Debian's `postgresql` package if missing (as root or with password-less sudo, like
# setup.sh does for redis-server), starts the cluster, creates the role `hscm_test` (may
# create databases) idempotently, and prints the role's admin URL on stdout:
#   TEST_DATABASE_URL=$(bash scripts/postgres-server.sh)
# With PG_ADMIN_URL already set (a server you run yourself) it only prints that.
set -euo pipefail
say() { printf '\033[1m[postgres]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[postgres] %s\033[0m\n' "$*" >&2; exit 1; }

if [ -n "${PG_ADMIN_URL:-}" ]; then echo "$PG_ADMIN_URL"; exit 0; fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  [ "$SUDO" != none ] && command -v apt-get >/dev/null || die "PostgreSQL is needed: apt-get install -y postgresql (as root), or set PG_ADMIN_URL."
  say "Installing postgresql from the Debian/Ubuntu packages…"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi

# The newest installed major version and its first cluster (Debian creates `main`).
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2; exit }')
if [ -z "$cluster" ]; then
  [ "$SUDO" != none ] || die "no PostgreSQL $version cluster, and no root to create one."
  say "Creating the PostgreSQL $version cluster main…"
  $SUDO pg_createcluster "$version" main >/dev/null
  cluster=main
fi
port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
if [ "$status" != online ]; then
  [ "$SUDO" != none ] || die "PostgreSQL $version/$cluster is down, and there is no root to start it."
  say "Starting PostgreSQL $version/$cluster on port $port…"
  # To stderr: stdout is the caller's URL, and pg_ctlcluster prints notes such as
  # "Removed stale pid file." there.
  $SUDO pg_ctlcluster "$version" "$cluster" start >&2
fi

as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else $SUDO -u postgres sh -c "$1"; fi; }
url="postgresql://hscm_test:hscm_test@127.0.0.1:$port/postgres"
if ! psql --no-psqlrc -Atqc 'SELECT 1' "$url" >/dev/null 2>&1; then
  [ "$SUDO" != none ] || die "cannot sign in as hscm_test, and there is no root to create the role."
  as_postgres "psql --no-psqlrc -q -p $port -c \"DO \\\$\\\$BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hscm_test') THEN CREATE ROLE hscm_test LOGIN CREATEDB PASSWORD 'hscm_test';
    ELSE ALTER ROLE hscm_test LOGIN CREATEDB PASSWORD 'hscm_test'; END IF; END\\\$\\\$;\"" >/dev/null
fi
# Dropping a test database WITH (FORCE) must be able to end an autovacuum worker busy in it.
if [ "$(psql --no-psqlrc -Atqc "SELECT pg_has_role('pg_signal_backend', 'MEMBER')" "$url")" != t ] && [ "$SUDO" != none ]; then
  as_postgres "psql --no-psqlrc -q -p $port -c 'GRANT pg_signal_backend TO hscm_test'" >/dev/null
fi
echo "$url"
