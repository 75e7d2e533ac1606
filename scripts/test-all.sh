#!/usr/bin/env bash
# The README's test command: every suite, in order of speed. Needs chromium at /usr/bin/chromium for e2e
# (.ci/run installs it); PostgreSQL comes from the embedded-postgres package.
set -euo pipefail
cd "$(dirname "$0")/.."
suites=(typecheck test:unit test:model test:integration test:e2e)
passed=0
failed=0
for suite in "${suites[@]}"; do
  echo "=== npm run $suite"
  if npm run --silent "$suite"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "=== $suite FAILED"; fi
done
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
