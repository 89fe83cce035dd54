# shellcheck shell=bash
# Helpers shared by the scripts in this folder; source it, don't run it.
# Sets ROOT (the repository root) and puts the pinned Foundry binaries (forge, anvil,
# cast from package.json) and node_modules/.bin first on PATH.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# node_modules/.bin/{forge,anvil,cast} are node wrappers that always exit 0 and leave
# the real process running when killed, so the platform packages' binaries go first.
case $(uname -s)-$(uname -m) in
    Linux-x86_64) _platform=linux-amd64 ;;
    Linux-aarch64) _platform=linux-arm64 ;;
    Darwin-x86_64) _platform=darwin-amd64 ;;
    Darwin-arm64) _platform=darwin-arm64 ;;
    *) _platform=unsupported ;;
esac
PATH="$ROOT/node_modules/.bin:$PATH"
for _tool in forge anvil cast; do
    PATH="$ROOT/node_modules/@foundry-rs/$_tool-$_platform/bin:$PATH"
done
export PATH
unset _platform _tool

# The anvil dev accounts (mnemonic "test test … junk"): #0 deploys and is the admin.
# shellcheck disable=SC2034 # used by scripts/deploy
ANVIL_KEY_0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80

# log MESSAGE… — progress on stderr, so stdout stays for a script's result.
log() {
    printf '[%s] %s\n' "$(basename "$0")" "$*" >&2
}

# die MESSAGE… — log and exit 1.
die() {
    log "error: $*"
    exit 1
}

# ensure_node_deps — `npm ci` when node_modules is missing or older than the lock file.
ensure_node_deps() {
    if [[ ! -d $ROOT/node_modules || $ROOT/package-lock.json -nt $ROOT/node_modules/.package-lock.json ]]; then
        log "installing node packages (npm ci)"
        (cd "$ROOT" && npm ci --no-audit --no-fund >&2)
    fi
    local tool
    for tool in forge anvil cast; do
        [[ $(type -P "$tool") == "$ROOT/node_modules/@foundry-rs/$tool-"*"/bin/$tool" ]] ||
            die "no native $tool for $(uname -s)-$(uname -m) under node_modules/@foundry-rs"
    done
}

# rpc_up URL — true when an Ethereum JSON-RPC node answers at URL.
rpc_up() {
    cast block-number --rpc-url "$1" >/dev/null 2>&1
}

# wait_for_rpc URL [SECONDS] — wait until URL answers (default 30 s), or fail.
wait_for_rpc() {
    local url=$1 deadline=$((SECONDS + ${2:-30}))
    until rpc_up "$url"; do
        ((SECONDS < deadline)) || die "no JSON-RPC answer at $url after ${2:-30}s"
        sleep 0.2
    done
}

# The contracts named in a deployment file (INTERFACE.md §1.8): the ERC-2771 forwarder and
# the six contracts it relays to.
DEPLOYED_CONTRACTS=(Forwarder Profiles Communities Posts TaskMarket PointMall PointExchange)

# deployment_address FILE NAME — print the address of contract NAME in FILE (fails if absent).
deployment_address() {
    node -e '
        const [file, name] = process.argv.slice(1);
        const addr = JSON.parse(require("fs").readFileSync(file, "utf8")).contracts?.[name];
        if (!/^0x[0-9a-fA-F]{40}$/.test(addr ?? "")) process.exit(1);
        console.log(addr);
    ' "$1" "$2"
}

# deployment_live FILE URL — true when FILE names every contract and each has code at URL.
deployment_live() {
    local file=$1 url=$2 name addr code
    [[ -s $file ]] || return 1
    for name in "${DEPLOYED_CONTRACTS[@]}"; do
        addr=$(deployment_address "$file" "$name" 2>/dev/null) || return 1
        code=$(cast code "$addr" --rpc-url "$url" 2>/dev/null) || return 1
        [[ $code != 0x && -n $code ]] || return 1
    done
}

# url_decode TEXT: TEXT with its %XX escapes decoded.
url_decode() {
    local s=${1//\\/\\\\}
    printf '%b' "${s//%/\\x}"
}
# mysql_url_parts URL: sets MY_HOST MY_PORT MY_USER MY_PASS from mysql://user:pass@host:port/db
# (user and password percent-decoded, as the Rust parser testkit::stack::MysqlUrl does).
mysql_url_parts() {
    local rest=${1#mysql://} auth host
    rest=${rest%%/*}
    if [[ $rest == *@* ]]; then auth=${rest%@*} host=${rest##*@}; else auth=root host=$rest; fi
    MY_USER=$(url_decode "${auth%%:*}")
    MY_PASS=
    [[ $auth == *:* ]] && MY_PASS=$(url_decode "${auth#*:}")
    MY_PORT=3306
    [[ $host == *:* ]] && MY_PORT=${host##*:} host=${host%:*}
    MY_HOST=$host
}
# mysql_cli URL ARGS...: the mysql client against the server URL names (the client ships
# with the machine's MariaDB).
mysql_cli() {
    mysql_url_parts "$1"
    shift
    MYSQL_PWD=$MY_PASS mysql --protocol=TCP -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" "$@"
}
# mysql_dump URL ARGS...: mysqldump (mariadb-dump) against the server URL names.
mysql_dump() {
    local dump
    dump=$(command -v mysqldump || command -v mariadb-dump) || die "mysqldump (mariadb-client) is needed"
    mysql_url_parts "$1"
    shift
    MYSQL_PWD=$MY_PASS "$dump" --protocol=TCP -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" "$@"
}

# db_name URL: the database a mysql:// URL names.
db_name() {
    local db=${1##*/}
    echo "${db%%\?*}"
}

mysql_up() {
    mysql_cli "$1" -e 'SELECT 1' >/dev/null 2>&1
}

# stack_up BIN ENV_FILE LOG ARGS... — starts the stack launcher `BIN/stack` (built by cargo
# into the same profile directory as the binaries it runs) in the background with ARGS,
# bounded to an hour; its pid goes to STACK_PID. Waits until it is up and has written its
# line of NAME=value words (API_URL, RPC_URL, DATABASE_URL, ANVIL_PID, GRAPHQL_API_PID…)
# to ENV_FILE; read them with stack_var. Killing STACK_PID stops everything it started.
# STACK_BIN_DIR, when set, is where it finds the binaries it runs (another build's).
stack_up() {
    local bin=$1 env=$2 out=$3 i
    shift 3
    rm -f "$env"
    timeout 3600 "$bin/stack" --bin-dir "${STACK_BIN_DIR:-$bin}" --print-env "$@" >"$env" 2>"$out" &
    STACK_PID=$!
    for i in $(seq 1 1500); do
        [[ -s $env ]] && return 0
        kill -0 "$STACK_PID" 2>/dev/null || { tail -n 20 "$out" >&2; die "the stack did not start (log: $out)"; }
        sleep 0.2
    done
    die "the stack did not come up in 300 s (log: $out)"
}
# stack_var ENV_FILE NAME — the value of NAME in the line stack_up waited for.
stack_var() {
    tr ' ' '\n' <"$1" | sed -n "s/^$2=//p"
}
