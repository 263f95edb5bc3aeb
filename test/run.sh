#!/usr/bin/env bash
# `npm test`: type-check, then every test file under Bun's runtime (bun:sqlite
# and real hub processes need it). npm puts node_modules/.bin on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== convex codegen (offline; convex/_generated is committed and must be current)"
convex codegen --system-udfs --typecheck disable
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -n "$(git status --porcelain -- convex/_generated)" ]; then
  echo "convex/_generated was out of date with convex/: it has just been regenerated; commit it (npm run convex:codegen)." >&2
  git status --short -- convex/_generated >&2
  exit 1
fi
echo "== typecheck (lib, integrations, convex, tests; the dashboard in app/)"
tsc -p .
# The dashboard's pages apart: they see Next.js's global types, which the hub's own code must not.
tsc -p tsconfig.next.json
tsc -p client
echo "== tests"
results=$(mktemp)
status=0
bun --bun vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=$?
# One plain closing line that any CI reader understands.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)' "$results" || true
rm -f "$results"
exit "$status"
