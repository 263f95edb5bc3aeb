#!/usr/bin/env bash
# `npm test`: type-check, then every test file under Bun's runtime (bun:sqlite
# and real hub processes need it). npm puts node_modules/.bin on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"
tsc -p .
tsc -p client
echo "== tests"
results=$(mktemp)
status=0
bun --bun vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line that any CI reader understands.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)' "$results" || true
rm -f "$results"
exit "$status"
