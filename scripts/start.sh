#!/usr/bin/env bash
# `npm start`: applies pending migrations, then becomes the product (exec), so that the
# signals npm passes on (SIGTERM from a process manager, SIGINT from Ctrl-C) reach node itself
# rather than a shell that would not forward them. `node --import tsx` runs the TypeScript in
# this one process (the tsx command would add a wrapper process of its own).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/migrate.sh
exec node --import tsx src/main.ts "$@"
