#!/usr/bin/env bash
# The tests that touch the database (vitest.postgres.config.ts says which) on PostgreSQL: a
# local server (installed and started if needed, see postgres-server.sh), migrated template
# databases built once per run, one copy per test (test/support/test-db.ts). Arguments go to
# vitest; with a --config of its own (the fault tests) that config is used instead:
#   npm run test:postgres -- test/web-admin/records.test.ts
#   npm run test:faults:postgres
set -euo pipefail
cd "$(dirname "$0")/.."
TEST_DATABASE_URL=$(bash scripts/postgres-server.sh)
if ! [[ "$TEST_DATABASE_URL" =~ ^postgres(ql)?://[^[:space:]]+$ ]]; then
  printf 'test-postgres: postgres-server.sh printed no single URL:\n%s\n' "$TEST_DATABASE_URL" >&2
  exit 1
fi
export TEST_DATABASE_URL
config=(--config vitest.postgres.config.ts)
for arg in "$@"; do
  if [[ "$arg" == --config || "$arg" == --config=* ]]; then config=(); fi
done
exec npx vitest run "${config[@]}" "$@"
