#!/usr/bin/env bash
# The whole test suite (same vitest config as `npm test`) on PostgreSQL: a local server
# (installed and started if needed, see postgres-server.sh), one migrated template database
# per run, one copy of it per test (test/support/test-db.ts). Arguments go to vitest:
#   npm run test:postgres -- test/web-admin/records.test.ts
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_DATABASE_URL=$(bash scripts/postgres-server.sh)
if ! [[ "$TEST_DATABASE_URL" =~ ^postgres(ql)?://[^[:space:]]+$ ]]; then
  printf 'test-postgres: postgres-server.sh printed no single URL:\n%s\n' "$TEST_DATABASE_URL" >&2
  exit 1
fi
export TEST_DATABASE_URL
exec npx vitest run "$@"
