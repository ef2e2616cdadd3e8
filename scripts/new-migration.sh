#!/usr/bin/env bash
# Writes a migration for the change to prisma/schema.prisma since the last commit:
#   bash scripts/new-migration.sh <name>
# It diffs the committed schema against the working one. (Diffing from the migrations folder
# needs a shadow database, which Prisma 6.19's JS engine cannot build from a multi-statement
# migration over better-sqlite3.) Apply with: npx prisma migrate deploy
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
old=$(mktemp --suffix=.prisma)
git show HEAD:prisma/schema.prisma > "$old"
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
sql=$(npx prisma migrate diff --from-schema-datamodel "$old" --to-schema-datamodel prisma/schema.prisma --script)
rm -f "$old"
if ! grep -q '[A-Z]' <<<"$sql" || grep -q 'empty migration' <<<"$sql"; then echo "No schema change."; exit 0; fi
mkdir -p "$dir"
printf '%s\n' "$sql" > "$dir/migration.sql"
echo "Wrote $dir/migration.sql"
