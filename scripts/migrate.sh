#!/usr/bin/env bash
# Applies pending database migrations, quietly unless something goes wrong. DATABASE_URL
# chooses the database and its migrations folder (see prisma.config.ts).
out=$(npx prisma migrate deploy 2>&1) || { printf '%s\n' "$out" >&2; exit 1; }
