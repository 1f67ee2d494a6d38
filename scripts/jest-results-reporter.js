const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

/** Writes this jest run's counts where scripts/test-summary.js adds them up into one closing line. */
class ResultsReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.STREAMWATCH_TEST_RESULTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    const name = `${basename(process.cwd())}-${process.argv.includes('jest.int.config.js') ? 'int' : 'unit'}-${process.pid}.json`;
    writeFileSync(
      join(dir, name),
      JSON.stringify({
        package: basename(process.cwd()),
        passed: results.numPassedTests,
        failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
        skipped: results.numPendingTests + results.numTodoTests,
      }),
    );
  }
}

module.exports = ResultsReporter;
