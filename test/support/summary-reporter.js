/* global process */
/**
 * Writes one closing line that any CI can read, "jest: N passed, N failed[, N skipped]", to
 * stderr and to test-artifacts/jest-summary.txt (.ci/run prints it again as its last line).
 */
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.stderr.write(`\n${line}\n`);
    const dir = path.join(this.rootDir, 'test-artifacts');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'jest-summary.txt'), `${line}\n`);
  }
}

module.exports = SummaryReporter;
