'use strict';
// A tiny Jest reporter the orchestrator adds to every agent run: it appends one JSON line per
// event to ORCH_PROGRESS_FILE so the parent can show live progress without parsing terminal
// output. Plain CommonJS so it loads before any TypeScript hook is registered.
const fs = require('node:fs');
const path = require('node:path');

class ProgressReporter {
  constructor(_globalConfig, options = {}) {
    this.file = options.file || process.env.ORCH_PROGRESS_FILE;
    if (this.file) fs.mkdirSync(path.dirname(this.file), { recursive: true });
  }

  write(event) {
    if (!this.file) return;
    fs.appendFileSync(this.file, `${JSON.stringify({ ...event, at: Date.now() })}\n`);
  }

  onRunStart(results) {
    this.write({ event: 'run-start', files: results.numTotalTestSuites });
  }

  onTestCaseResult(_test, testCaseResult) {
    this.write({ event: 'test', status: testCaseResult.status, title: testCaseResult.fullName });
  }

  onTestFileResult(test, testResult) {
    this.write({
      event: 'file',
      path: test.path,
      passed: testResult.numPassingTests,
      failed: testResult.numFailingTests,
      pending: testResult.numPendingTests + testResult.numTodoTests,
      execError: testResult.testExecError ? String(testResult.testExecError.message).split('\n')[0] : undefined,
    });
  }

  onRunComplete(_contexts, results) {
    this.write({ event: 'run-complete', tests: results.numTotalTests, failed: results.numFailedTests, files: results.numTotalTestSuites });
  }

  getLastError() {
    return undefined;
  }
}

module.exports = ProgressReporter;
