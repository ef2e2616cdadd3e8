#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for HSCM Assistant, and does nothing that is already
# done, so it is safe to run again. With --deps-only it stops after the dependencies (what
# the tests need); otherwise it also migrates the database and loads the demo roster.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

# 1. Node.js 20 or newer.
command -v node >/dev/null || die "Node.js 20 is required: https://nodejs.org (or: apt-get install nodejs npm)."
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js 20 or newer is required; this machine has $(node --version)."

# 2. npm dependencies (clean install when the lock file changed since the last one).
# A node_modules that is a symlink (a git worktree sharing another checkout's packages) is
# left alone: `npm ci` would empty the directory it points to, under the other checkout's feet.
if [ -L node_modules ]; then
  [ -d node_modules/ ] || die "node_modules is a symlink to a missing directory."
elif [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm dependencies (the first time takes a few minutes: better-sqlite3 is compiled)…"
  npm ci --no-audit --no-fund
fi
node -e "require('better-sqlite3')" 2>/dev/null || die "better-sqlite3 did not build; check that python3, make and g++ are installed."
{ [ -f src/generated/prisma/client.ts ] && [ -f src/generated/prisma-pg/client.ts ]; } || bash scripts/prisma-generate.sh >/dev/null

# 3. redis-server, unless REDIS_URL points at a Redis we do not manage.
have_redis() { command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ]; }
if [ -z "${REDIS_URL:-}" ] && ! have_redis; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  if [ "$SUDO" != none ] && command -v apt-get >/dev/null; then
    say "Installing redis-server from the Debian/Ubuntu packages…"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
    # The product starts its own instance; a packaged service may stay as it is.
  else
    die "redis-server is needed and could not be installed here. Install it (sudo apt-get install -y redis-server) or set REDIS_URL."
  fi
fi

# 4. What only the tests need: DejaVu Sans (PDFs with Vietnamese text) and Chromium (the
#    browser test drives Debian's chromium through playwright-core; nothing is downloaded).
if [ "${1:-}" = "--deps-only" ] && command -v apt-get >/dev/null; then
  missing=()
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
    if [ "$SUDO" != none ]; then
      say "Installing ${missing[*]} (used by the tests)…"
      $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      say "Cannot install ${missing[*]} without root: the tests that need them will fail."
    fi
  fi
fi

[ "${1:-}" = "--deps-only" ] && exit 0

# 5. Database schema and the demo roster.
say "Applying database migrations…"
bash scripts/migrate.sh
npx tsx src/cli/main.ts seed-demo
say "Ready. Start the product with: npm start"
