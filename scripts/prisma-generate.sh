#!/usr/bin/env bash
# Builds both Prisma clients: SQLite (src/generated/prisma) and PostgreSQL
# (src/generated/prisma-pg). prisma.config.ts picks the schema by DATABASE_URL, so the
# PostgreSQL one is generated with a PostgreSQL-looking URL (nothing connects to it).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsx scripts/pg-schema.ts
DATABASE_URL=file:./var/hscm.db npx prisma generate "$@"
DATABASE_URL=postgresql://generate@localhost/generate npx prisma generate "$@"
