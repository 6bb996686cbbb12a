import * as path from 'node:path';
import { orchEnvironment } from '@orch/harness';

/**
 * The matrix's shape, schema and loader are the harness's (one definition for the reporter, the
 * orchestrator and the matrix test); re-exported so the reporter's own modules and its public API
 * keep their names. `loadUserCaseMatrix` never throws: the report names a missing or broken matrix.
 */
export { AGENT_TITLES, loadUserCaseMatrix, type MatrixLoad, type MatrixScenario, type UserCaseMatrix } from '@orch/harness';

/** ORCH_MATRIX_PATH, else the repository's `fixtures/user-case-matrix.json`. */
export function defaultMatrixPath(rootDir = path.resolve(__dirname, '..', '..', '..', '..')): string {
  return orchEnvironment().matrixPath ?? path.join(rootDir, 'fixtures', 'user-case-matrix.json');
}
