import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AggregatedResult, Reporter, Test, TestContext } from '@jest/reporters';
import type { TestResult } from '@jest/test-result';
import { COVERED_PACKAGES, orchEnvironment, parseScenarioIds, readServicesFile, readSidecarRecords, readTargetRecords, targetsByAgent, type SidecarRecord } from '@orch/harness';
import { machineInfo } from './inputs/machine-info';
import { coverageFromMap, coverageFromSummaryFile, coverageNotCollected, type CoverageMapLike } from './inputs/package-coverage';
import { defaultMatrixPath, loadUserCaseMatrix, type MatrixLoad } from './inputs/user-case-matrix';
import { buildReport, TOOLKIT_PROJECT, type RunFile } from './report/build-report';
import type { AgentTarget, CoverageSection, Report, ServiceEntry } from './report/report-types';
import { thresholdLine } from './render/sections/metrics-section';
import { writeReportFiles } from './render/write-report-files';

export interface GoldenSignalsOptions {
  /** Where report.json and the daily report go; `<rootDir>` is expanded. Default `<rootDir>/reports`. */
  outputDirectory?: string;
  /** The user-case matrix; default ORCH_MATRIX_PATH, else `<repo>/fixtures/user-case-matrix.json`. */
  matrixPath?: string;
  /** The harness run directory with metric sidecars and services.json; default ORCH_RUN_DIR, else `<rootDir>/reports/.runtime`. */
  runDirectory?: string;
  /** Package folders whose line coverage is reported against the 80% target. */
  coveragePackages?: string[];
  /** Print the k6-style threshold lines and the summary (default true). */
  printSummary?: boolean;
  /** The agent project names the Jest config defines (selected ones with no test file are "not covered"). */
  agentProjects?: string[];
  /** For the reporter's own tests: throw inside onRunComplete to prove a crash is contained. */
  simulateCrash?: boolean;
}

interface GlobalConfigLike {
  rootDir: string;
  selectProjects?: string[];
  testPathPatterns?: string[] | { patterns?: string[] };
  onlyChanged?: boolean;
  findRelatedTests?: boolean;
  collectCoverage?: boolean;
  coverageDirectory?: string;
}

function expand(value: string, rootDir: string): string {
  return path.resolve(rootDir, value.replace(/<rootDir>/g, rootDir));
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Jest reporter that turns a run into the golden-signals report: it keeps each test file's
 * results, then reads the harness's metric sidecars, services.json, coverage and the
 * user-case matrix, and writes report.json plus the daily report (markdown and HTML).
 * It never changes Jest's exit code: its own failures are printed, written to
 * reporter-error.txt and listed in report.json's `errors`.
 */
export class GoldenSignalsReporter implements Pick<Reporter, 'onRunStart' | 'onTestResult' | 'onRunComplete' | 'getLastError'> {
  private readonly rootDir: string;
  private readonly outputDirectory: string;
  private startedAt = new Date();
  private readonly files: RunFile[] = [];
  private readonly errors: string[] = [];

  constructor(
    private readonly globalConfig: GlobalConfigLike,
    private readonly options: GoldenSignalsOptions = {},
  ) {
    this.rootDir = globalConfig.rootDir;
    this.outputDirectory = expand(options.outputDirectory ?? orchEnvironment().reportsDir ?? '<rootDir>/reports', this.rootDir);
  }

  onRunStart(results: AggregatedResult): void {
    this.startedAt = new Date(results.startTime || Date.now());
  }

  onTestResult(test: Test, testResult: TestResult): void {
    try {
      const displayName = testResult.displayName?.name ?? test.context.config.displayName?.name ?? 'default';
      const execError = testResult.testExecError ? testResult.testExecError.message || String(testResult.testExecError.stack ?? 'test file failed to run') : undefined;
      this.files.push({
        agent: displayName,
        file: testResult.testFilePath,
        durationMs: Math.max(0, (testResult.perfStats?.end ?? 0) - (testResult.perfStats?.start ?? 0)),
        ...(execError ? { execError, declaredScenarios: this.scenariosInSource(testResult.testFilePath) } : {}),
        tests: testResult.testResults.map((assertion) => ({
          name: assertion.fullName,
          status: assertion.status,
          durationMs: assertion.duration ?? 0,
          failureMessages: assertion.failureMessages,
          // jest.retryTimes (CI): a test that needed a retry is flaky, never a clean pass.
          ...((assertion.invocations ?? 1) > 1 ? { retries: (assertion.invocations ?? 1) - 1 } : {}),
        })),
      });
    } catch (error) {
      this.errors.push(`reporter could not read the results of ${testResult.testFilePath}: ${describeError(error)}`);
    }
  }

  async onRunComplete(_contexts: Set<TestContext>, aggregated: AggregatedResult): Promise<void> {
    try {
      if (this.options.simulateCrash) throw new Error('simulated reporter crash (simulateCrash option)');
      const report = this.buildRunReport(aggregated);
      const written = writeReportFiles(report, this.outputDirectory);
      if (this.options.printSummary !== false) this.printSummary(report, written.markdown);
    } catch (error) {
      this.containCrash(error);
    }
  }

  /** The reporter never fails the run on its own account. */
  getLastError(): Error | undefined {
    return undefined;
  }

  /**
   * The agent projects this run ran in full: the configured ones (option `agentProjects`; Jest
   * tells reporters only about projects that had test files) narrowed by --selectProjects. A path
   * filter or a changed-files run selects files, not projects, so then an agent counts as run
   * only when one of its files ran. A shard keeps its projects: a scenario another shard tests is
   * settled when the shards are merged.
   */
  private selectedAgents(): string[] {
    const config = this.globalConfig;
    const patterns = Array.isArray(config.testPathPatterns) ? config.testPathPatterns : (config.testPathPatterns?.patterns ?? []);
    if (patterns.length > 0 || config.onlyChanged || config.findRelatedTests) return [];
    const configured = (this.options.agentProjects ?? []).filter((name) => name !== TOOLKIT_PROJECT);
    return configured.filter((name) => !config.selectProjects || config.selectProjects.includes(name));
  }

  private runDirectory(): string {
    return expand(this.options.runDirectory ?? orchEnvironment().runDir ?? '<rootDir>/reports/.runtime', this.rootDir);
  }

  private scenariosInSource(file: string): string[] {
    try {
      return parseScenarioIds(fs.readFileSync(file, 'utf8'));
    } catch {
      return [];
    }
  }

  private matrix(): MatrixLoad {
    return loadUserCaseMatrix(this.options.matrixPath ? expand(this.options.matrixPath, this.rootDir) : defaultMatrixPath());
  }

  private services(runDirectory: string): ServiceEntry[] {
    const file = readServicesFile(runDirectory);
    return (file?.services ?? []).map((service) => ({ name: service.name, provider: service.provider, readyMs: service.readyMs, details: service.details ?? {} }));
  }

  private coverage(aggregated: AggregatedResult): CoverageSection {
    const packages = this.options.coveragePackages ?? COVERED_PACKAGES;
    const map = (aggregated as AggregatedResult & { coverageMap?: CoverageMapLike }).coverageMap;
    if (map && typeof map.files === 'function' && map.files().length > 0) return coverageFromMap(map, this.rootDir, packages);
    const summary = path.join(this.globalConfig.coverageDirectory ?? path.join(this.outputDirectory, 'coverage'), 'coverage-summary.json');
    if (this.globalConfig.collectCoverage) {
      const fromFile = coverageFromSummaryFile(summary, this.rootDir, packages);
      if (fromFile) return fromFile;
      return coverageNotCollected(`coverage was on but neither a coverage map nor ${path.relative(this.rootDir, summary)} was available`, packages);
    }
    return coverageNotCollected(!orchEnvironment().coverage ? 'coverage collection was off in this run (ORCH_COVERAGE=0)' : 'coverage collection was off in this run', packages);
  }

  /** Which systems each agent's tests ran against (the harness's target records), so the report names every agent's target. */
  private targets(runDirectory: string): Record<string, AgentTarget[]> {
    try {
      const byAgent = targetsByAgent(readTargetRecords(runDirectory));
      return Object.fromEntries(
        Object.entries(byAgent).map(([agent, list]) => [agent, list.map((entry) => ({ system: entry.system, kind: entry.targetKind, baseUrl: entry.baseUrl }))]),
      );
    } catch (error) {
      this.errors.push(`target records in ${runDirectory} could not be read: ${describeError(error)}`);
      return {};
    }
  }

  private buildRunReport(aggregated: AggregatedResult): Report {
    const runDirectory = this.runDirectory();
    let sidecars: SidecarRecord[] = [];
    try {
      const problems: string[] = [];
      sidecars = readSidecarRecords(runDirectory, problems);
      // A record the schema rejects is a figure the report cannot show: say so instead of dropping it silently.
      for (const problem of problems) this.errors.push(`metric sidecar ${problem}`);
    } catch (error) {
      this.errors.push(`metric sidecars in ${runDirectory} could not be read: ${describeError(error)}`);
    }
    return buildReport({
      targets: this.targets(runDirectory),
      startedAt: this.startedAt,
      finishedAt: new Date(),
      profile: orchEnvironment().profile,
      machine: machineInfo(),
      rootDir: this.rootDir,
      matrix: this.matrix(),
      files: this.files,
      sidecars,
      services: this.services(runDirectory),
      coverage: this.coverage(aggregated),
      selectedAgents: this.selectedAgents(),
      errors: this.errors,
      // The CI matrix names each shard (ORCH_SHARD_ID); the merge keeps the name with its timing.
      ...(process.env.ORCH_SHARD_ID ? { shard: process.env.ORCH_SHARD_ID } : {}),
    });
  }

  private printSummary(report: Report, markdownFile: string): void {
    const lines: string[] = ['', 'golden-signals thresholds:'];
    for (const scenario of report.scenarios) {
      for (const metric of scenario.metrics) {
        if (metric.threshold) lines.push(`  ${thresholdLine(metric, scenario.id)}`);
      }
    }
    if (lines.length === 2) lines.push('  (no metric with a threshold was recorded)');
    const counts = report.totals.scenarios;
    lines.push(
      `golden-signals: ${report.totals.tests} agent tests (${report.totals.passed} passed, ${report.totals.failed} failed, ${report.totals.skipped} skipped); ` +
        `scenarios ${counts.validated} validated, ${counts.failed} failed, ${counts.notRun} not run, ${counts.notCovered} not covered of ${counts.total}`,
    );
    for (const error of report.errors) lines.push(`golden-signals error: ${error}`);
    lines.push(`golden-signals report: ${path.relative(process.cwd(), markdownFile) || markdownFile}`, '');
    process.stderr.write(`${lines.join('\n')}\n`);
  }

  /** Prints the crash, writes reporter-error.txt and still tries to leave a report.json that names it. */
  private containCrash(error: unknown): void {
    const message = `golden-signals reporter crashed: ${describeError(error)}`;
    console.error(message);
    try {
      fs.mkdirSync(this.outputDirectory, { recursive: true });
      fs.writeFileSync(path.join(this.outputDirectory, 'reporter-error.txt'), `${new Date().toISOString()}\n${message}\n`);
    } catch (writeError) {
      console.error(`golden-signals reporter could not write reporter-error.txt: ${describeError(writeError)}`);
    }
    try {
      let report: Report;
      try {
        report = buildReport({
          startedAt: this.startedAt,
          finishedAt: new Date(),
          rootDir: this.rootDir,
          matrix: this.matrix(),
          files: this.files,
          sidecars: [],
          errors: [...this.errors, message],
        });
      } catch {
        report = buildReport({
          startedAt: this.startedAt,
          finishedAt: new Date(),
          rootDir: this.rootDir,
          matrix: { path: '(not read)', matrix: { version: null, agents: {}, scenarios: [] } },
          files: [],
          sidecars: [],
          errors: [...this.errors, message],
        });
      }
      fs.writeFileSync(path.join(this.outputDirectory, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    } catch (writeError) {
      console.error(`golden-signals reporter could not write report.json: ${describeError(writeError)}`);
    }
  }
}
