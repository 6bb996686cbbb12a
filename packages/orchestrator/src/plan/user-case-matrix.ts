/**
 * The matrix's shape, schema and strict reader are the harness's (one definition for the
 * orchestrator, the reporter and the matrix test). `readUserCaseMatrix` throws a MatrixError
 * naming the file, so the orchestrator prints one clear line and still writes a report.
 */
export { MatrixError, readUserCaseMatrix, type MatrixAgent, type MatrixScenario, type UserCaseMatrix } from '@orch/harness';
