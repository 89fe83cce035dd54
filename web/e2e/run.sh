#!/usr/bin/env bash
# Starts a fresh stack (e2e/stack.sh), runs the journey against it, stops the stack.
set -euo pipefail
WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mktemp)
bash "$WEB/e2e/stack.sh" >"$out" 2>&1 &
stack=$!
trap 'kill $stack 2>/dev/null || true; wait $stack 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 600); do
    grep -q '^WEB_URL=' "$out" && break
    kill -0 $stack 2>/dev/null || { cat "$out"; exit 1; }
    sleep 0.5
done
eval "export $(grep '^WEB_URL=' "$out")"
cd "$WEB" && node e2e/journey.mjs
