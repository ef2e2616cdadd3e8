#!/usr/bin/env bash
# Writes the migration for the change to prisma/schema.prisma since the last commit, for both
# databases, under one name:
#   bash scripts/new-migration.sh <name>
# SQLite: diffs the committed schema against the working one. (Diffing from the migrations
# folder needs a shadow database, which Prisma 6.19's JS engine cannot build from a
# multi-statement migration over better-sqlite3.)
# PostgreSQL: regenerates prisma/postgresql/schema.prisma, then diffs the PostgreSQL migrations
# folder against it. Prisma's JS engine applies the migrations to the database DATABASE_URL
# names (its "shadow"), so this uses a scratch database on a local server
# (scripts/postgres-server.sh, or PG_ADMIN_URL) and drops it afterwards.
# Hand-written SQL (triggers, backfills) goes into both files by hand.
# Apply with: npx prisma migrate deploy (DATABASE_URL chooses the database).
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
stamp="$(date -u +%Y%m%d%H%M%S)_${name}"
empty() { ! grep -q '[A-Z]' <<<"$1" || grep -q 'empty migration' <<<"$1"; }

old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old"
sql=$(DATABASE_URL=file:./var/hscm.db npx prisma migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script)
rm -f "$old"
if empty "$sql"; then echo "No schema change."; exit 0; fi
mkdir -p "prisma/migrations/$stamp"
printf '%s\n' "$sql" > "prisma/migrations/$stamp/migration.sql"
echo "Wrote prisma/migrations/$stamp/migration.sql"

npx tsx scripts/pg-schema.ts
admin=$(bash scripts/postgres-server.sh)
scratch="hscm_migrate_$$"
psql --no-psqlrc -q -d "$admin" -c "CREATE DATABASE \"$scratch\""
trap 'psql --no-psqlrc -q -d "$admin" -c "DROP DATABASE IF EXISTS \"$scratch\" WITH (FORCE)"' EXIT
url=$(node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$admin" "$scratch")
pgsql=$(DATABASE_URL="$url" npx prisma migrate diff --from-migrations prisma/postgresql/migrations --to-schema-datamodel prisma/postgresql/schema.prisma --script)
mkdir -p "prisma/postgresql/migrations/$stamp"
printf '%s\n' "$pgsql" > "prisma/postgresql/migrations/$stamp/migration.sql"
echo "Wrote prisma/postgresql/migrations/$stamp/migration.sql"
