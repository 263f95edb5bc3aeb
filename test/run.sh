#!/usr/bin/env bash
# `npm test`: type-check, then every test file under Bun's runtime (bun:sqlite
# and real hub processes need it). npm puts node_modules/.bin on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"
tsc -p .
echo "== tests"
exec bun --bun vitest run "$@"
