#!/usr/bin/env bash
# Starts a throwaway stack for the browser journey: anvil, the contracts (scripts/deploy),
# a fresh MySQL database, the indexer, and the API serving web/dist. Prints the env
# for `npm run e2e` and waits; Ctrl-C (or killing it) stops everything it started.
#
#   E2E_RPC_PORT / E2E_API_PORT (default: the first free port from 18545 / 18080)
#   E2E_DB (default web_e2e_<pid>; dropped at the end)
#   DATABASE_HOST_URL (mysql://root@127.0.0.1:3306)
# Needs target/debug/{indexer,graphql-api} (built by cargo; this script never builds
# them) and web/dist (`npm run build`).
set -euo pipefail
WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$WEB/.." && pwd)
source "$ROOT/scripts/lib.sh"

free_port() {
    local p=$1
    while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
    echo "$p"
}
RPC_PORT=${E2E_RPC_PORT:-$(free_port 18545)}
API_PORT=${E2E_API_PORT:-$(free_port 18080)}
DB=${E2E_DB:-web_e2e_$$}
DB_BASE=${DATABASE_HOST_URL:-mysql://root@127.0.0.1:3306}
RUN=$WEB/e2e/artifacts
mkdir -p "$RUN"
RPC_URL=http://127.0.0.1:$RPC_PORT

pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [[ -n ${E2E_DB:-} ]] || mysql_cli "$DB_BASE" -e "DROP DATABASE IF EXISTS \`$DB\`" 2>/dev/null || true
}
trap cleanup EXIT INT TERM

[[ -x $ROOT/target/debug/indexer && -x $ROOT/target/debug/graphql-api ]] || die "build target/debug/{indexer,graphql-api} first"
[[ -f $WEB/dist/index.html ]] || die "run npm run build in web/ first"

anvil --port "$RPC_PORT" --silent >"$RUN/anvil.log" 2>&1 &
pids+=($!)
wait_for_rpc "$RPC_URL" 30
deployment=$(RPC_URL=$RPC_URL "$ROOT/scripts/deploy" 2>"$RUN/deploy.log" | tail -1)
cp "$deployment" "$RUN/deployment.json"

host=${DB_BASE#mysql://}; user=${host%%@*}; hostport=${host#*@}
mysql -h"${hostport%%:*}" -P"${hostport##*:}" -u"$user" -e "DROP DATABASE IF EXISTS \`$DB\`; CREATE DATABASE \`$DB\`"
export DATABASE_URL=$DB_BASE/$DB
"$ROOT/target/debug/indexer" migrate >"$RUN/migrate.log" 2>&1
RPC_URL=$RPC_URL DEPLOYMENTS=$RUN/deployment.json METRICS_ADDR=127.0.0.1:$((API_PORT + 1)) \
    "$ROOT/target/debug/indexer" run >"$RUN/indexer.log" 2>&1 &
pids+=($!)
DEPLOYMENTS=$RUN/deployment.json PUBLIC_RPC_URL=$RPC_URL MAIL_DIR=$RUN/mail \
    "$ROOT/target/debug/graphql-api" serve --listen "127.0.0.1:$API_PORT" --web-dir "$WEB/dist" >"$RUN/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$API_PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done
echo "WEB_URL=http://127.0.0.1:$API_PORT RPC_URL=$RPC_URL"
wait
