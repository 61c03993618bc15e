#!/usr/bin/env bash
# `pnpm test`: type-check, then every test, on SQLite and on PostgreSQL. Unless
# TEST_POSTGRES_URL names a server, a throw-away one is started (and installed from Debian's
# packages if missing) by scripts/postgres-test-server.sh. SKIP_POSTGRES=1 runs SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TEST_POSTGRES_URL:-}" ] && [ "${SKIP_POSTGRES:-}" != 1 ]; then
  if ! TEST_POSTGRES_URL=$(bash scripts/postgres-test-server.sh); then
    echo "Could not start PostgreSQL for the tests. Set TEST_POSTGRES_URL to a server, or SKIP_POSTGRES=1 to test on SQLite only." >&2
    exit 1
  fi
  export TEST_POSTGRES_URL
fi
pnpm exec tsc -p .
pnpm exec vitest run "$@"
