#!/usr/bin/env bash
# Starts a throwaway stack for the browser journey with the stack launcher
# (tests/testkit/src/bin/stack.rs): a fresh anvil, the contracts, a fresh MySQL database,
# the indexer, and the API serving web/dist. Prints the env for `npm run e2e` and waits;
# Ctrl-C (or killing it) stops everything it started.
#
#   E2E_RPC_PORT / E2E_API_PORT (default: the first free port from 18545 / 18080)
#   E2E_DB (default web_e2e_<pid>; recreated, and dropped at the end unless given)
#   DATABASE_HOST_URL (mysql://root@127.0.0.1:3306)
# Needs target/debug/{stack,indexer,graphql-api} (built by cargo; this script never builds
# them) and web/dist (`npm run build`).
set -euo pipefail
WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$WEB/.." && pwd)
source "$ROOT/scripts/lib.sh"

BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug
RUN=$WEB/e2e/artifacts
DB_BASE=${DATABASE_HOST_URL:-mysql://root@127.0.0.1:3306}
[[ -x $BIN/stack && -x $BIN/indexer && -x $BIN/graphql-api ]] ||
    die "build first: cargo build -p indexer -p graphql-api -p testkit --bins"
[[ -f $WEB/dist/index.html ]] || die "run npm run build in web/ first"
mkdir -p "$RUN"

args=(--no-reuse-node --no-anvil-state --no-demo --drop-database
    --data-dir "$RUN" --deployments-dir "$RUN" --web-dir "$WEB/dist"
    --database-url "$DB_BASE/${E2E_DB:-web_e2e_$$}"
    --rpc-port "${E2E_RPC_PORT:-18545}" --api-port "${E2E_API_PORT:-18080}" --metrics-addr 127.0.0.1:18180)
[[ -n ${E2E_DB:-} ]] && args+=(--keep-database)
[[ -z ${E2E_RPC_PORT:-}${E2E_API_PORT:-} ]] && args+=(--any-free-port)
exec "$BIN/stack" --bin-dir "$BIN" --print-env "${args[@]}"
