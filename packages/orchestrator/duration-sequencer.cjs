'use strict';
// Jest runs the slowest test files first so no worker sits idle at the end, but it only knows a
// file's duration from its own cache of this machine's last run. A fresh clone (every CI job) has
// none and falls back to file size, which put a 288-byte file that runs for 25 s last. The
// committed durations (test-durations.json beside this file, written by `pnpm test:durations`
// from a run's JUnit file) fill that gap; Jest's cache, when present, still wins because it is
// this machine's own measurement.
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const DURATIONS_FILE = path.join(__dirname, 'test-durations.json');

function readCommittedDurations(file = DURATIONS_FILE) {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    return parsed && typeof parsed.files === 'object' ? parsed.files : {};
  } catch {
    return {};
  }
}

class DurationSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.committed = readCommittedDurations();
  }

  /** Milliseconds: Jest's cached duration, else the committed one, else unknown (run first). */
  time(test) {
    const cached = super.time(test);
    if (cached !== undefined) return cached;
    const relative = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    return this.committed[relative];
  }
}

module.exports = DurationSequencer;
module.exports.readCommittedDurations = readCommittedDurations;
module.exports.DURATIONS_FILE = DURATIONS_FILE;
