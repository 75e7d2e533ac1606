// Adds up the vitest and Playwright JSON reports into one closing line: "N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';

const [dir, failedSuites] = process.argv.slice(2);
let passed = 0;
let failed = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  if (report.stats && 'expected' in report.stats) {
    passed += report.stats.expected;
    failed += report.stats.unexpected + (report.stats.flaky ?? 0);
  } else {
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
  }
}
// A suite that failed without a failing test (typecheck, a crash) must still show as a failure.
if (failed === 0) failed = Number(failedSuites);
console.log(`${passed} passed, ${failed} failed`);
// A runner that exits 0 after a failed test must not make the run green.
process.exit(failed > 0 ? 1 : 0);
