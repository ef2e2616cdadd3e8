#!/usr/bin/env bash
# `npm run cli -- <command>`: check-file, split-docx and help need no database, so they skip the
# migrations and start at once; every other command applies pending migrations first.
set -e
case "${1:-help}" in
  check-file|split-docx|help|--help|-h) ;;
  *) bash scripts/migrate.sh ;;
esac
exec "$(dirname "$0")/../node_modules/.bin/tsx" src/cli/main.ts "$@"
