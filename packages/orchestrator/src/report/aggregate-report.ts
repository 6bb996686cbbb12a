import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceDescription } from '@orch/harness';
import { writeJsonAtomic } from '../coordination/write-json-atomic';
import type { Diagnosis } from '../diagnose/diagnose';
import type { AgentPaths } from '../run/agent-paths';
import type { AgentOutcome } from '../run/run-agent';

/**
 * The subset of `@orch/golden-signals-reporter` the orchestrator uses. It is loaded at run time
 * so a broken reporter package still leaves the orchestrator able to write its own summary
 * report naming every agent (principle 8: the report is written in every case).
 */
interface ReportShape {
  errors: string[];
  warnings?: string[];
  matrix?: { path: string; error?: string };
  [key: string]: unknown;
}

interface GoldenSignalsApi {
  readReport(file: string): ReportShape;
  mergeReports(reports: ReportShape[]): ReportShape;
  writeReportFiles(report: ReportShape, outputDirectory: string): unknown;
  crashedAgentReport(agent: string, reason: string): ReportShape;
}

function loadReporter(): GoldenSignalsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require('@orch/golden-signals-reporter') as Partial<GoldenSignalsApi>;
  const missing = (['readReport', 'mergeReports', 'writeReportFiles', 'crashedAgentReport'] as const).filter((name) => typeof api[name] !== 'function');
  if (missing.length > 0) throw new Error(`@orch/golden-signals-reporter does not export ${missing.join(', ')}`);
  return api as GoldenSignalsApi;
}

export interface AggregateInput {
  agents: readonly string[];
  outcomes: readonly AgentOutcome[];
  pathsOf(agent: string): AgentPaths;
  reportsDirectory: string;
  /** An error that stopped the run before or between agents (broken matrix, services down). */
  runError?: string;
  matrixFile: string;
  services: ServiceDescription[];
  diagnosis: Diagnosis;
  startedAt: string;
  profile: string;
  now?: Date;
}

export interface AggregateResult {
  files: string[];
  /** Set when the golden-signals report could not be produced; the summary report stands in. */
  reporterError?: string;
}

/**
 * Phase 4 + 5: merges each agent's report.json shard (a crashed agent contributes a report that
 * names it), writes the daily report, and copies each agent's JUnit file. Whatever fails here,
 * `orchestrator-summary.json/.md` is written, so there is always a report naming every agent.
 */
export function aggregateReport(input: AggregateInput): AggregateResult {
  fs.mkdirSync(input.reportsDirectory, { recursive: true });
  const files: string[] = [];
  let reporterError: string | undefined;
  try {
    const reporter = loadReporter();
    const shards: ReportShape[] = [];
    for (const agent of input.agents) {
      const outcome = input.outcomes.find((candidate) => candidate.agent === agent);
      const shardFile = path.join(input.pathsOf(agent).reportsDirectory, 'report.json');
      if (!outcome) {
        if (!input.runError) shards.push(reporter.crashedAgentReport(agent, 'not started'));
        continue;
      }
      if (outcome.status === 'crashed') {
        shards.push(reporter.crashedAgentReport(agent, crashReason(outcome)));
        continue;
      }
      if (fs.existsSync(shardFile)) {
        shards.push(reporter.readReport(shardFile));
      } else if (outcome.status !== 'no-tests') {
        shards.push(reporter.crashedAgentReport(agent, `finished (${outcome.status}) without writing ${path.relative(process.cwd(), shardFile)}`));
      }
    }
    const merged = shards.length > 0 ? reporter.mergeReports(shards) : undefined;
    if (merged) {
      if (input.runError) {
        merged.errors = [...merged.errors, input.runError];
      }
      const written = reporter.writeReportFiles(merged, input.reportsDirectory);
      if (Array.isArray(written)) files.push(...written.filter((file): file is string => typeof file === 'string'));
      else files.push(path.join(input.reportsDirectory, 'report.json'));
    } else if (input.runError) {
      // Nothing ran: a report with the error alone still names what went wrong.
      const report = reporter.crashedAgentReport('orchestrator', input.runError);
      const written = reporter.writeReportFiles(report, input.reportsDirectory);
      if (Array.isArray(written)) files.push(...written.filter((file): file is string => typeof file === 'string'));
    }
  } catch (error) {
    reporterError = `golden-signals report not written: ${(error as Error).message}`;
  }
  files.push(...copyJunitFiles(input));
  files.push(...writeSummary(input, reporterError));
  return { files, reporterError };
}

export function crashReason(outcome: AgentOutcome): string {
  const how = outcome.signal ? `signal ${outcome.signal}` : `exit code ${outcome.exitCode ?? '-'}`;
  return `${outcome.reason ?? 'crashed'} (${how}); stderr tail in .orchestrator/runs/${outcome.agent}/stderr.log`;
}

function copyJunitFiles(input: AggregateInput): string[] {
  const target = path.join(input.reportsDirectory, 'junit');
  const copied: string[] = [];
  for (const agent of input.agents) {
    const source = path.join(input.pathsOf(agent).reportsDirectory, 'junit.xml');
    if (!fs.existsSync(source)) continue;
    fs.mkdirSync(target, { recursive: true });
    const destination = path.join(target, `${agent}.xml`);
    fs.copyFileSync(source, destination);
    copied.push(destination);
  }
  return copied;
}

function writeSummary(input: AggregateInput, reporterError: string | undefined): string[] {
  const now = input.now ?? new Date();
  const agents = input.agents.map((agent) => {
    const outcome = input.outcomes.find((candidate) => candidate.agent === agent);
    return {
      agent,
      status: outcome?.status ?? 'not-run',
      reason: outcome?.reason ?? (outcome ? undefined : input.runError ? `not run: ${input.runError}` : 'not started'),
      exitCode: outcome?.exitCode ?? null,
      signal: outcome?.signal ?? null,
      durationMs: outcome?.durationMs ?? 0,
      tests: outcome?.results
        ? { total: outcome.results.numTotalTests, passed: outcome.results.numPassedTests, failed: outcome.results.numFailedTests, skipped: outcome.results.numPendingTests + outcome.results.numTodoTests }
        : { total: outcome?.progress.tests.done ?? 0, passed: 0, failed: outcome?.progress.tests.failed ?? 0, skipped: 0 },
    };
  });
  const summary = {
    version: 1,
    startedAt: input.startedAt,
    finishedAt: now.toISOString(),
    profile: input.profile,
    matrix: input.matrixFile,
    services: input.services.map(({ name, provider, readyMs }) => ({ name, provider, readyMs })),
    errors: [input.runError, reporterError].filter((error): error is string => Boolean(error)),
    agents,
    diagnosis: input.diagnosis.agents,
  };
  const jsonFile = path.join(input.reportsDirectory, 'orchestrator-summary.json');
  writeJsonAtomic(jsonFile, summary);
  const lines = [
    `# Orchestrator run - ${now.toISOString().slice(0, 10)}`,
    '',
    `Profile: ${input.profile}. Started ${input.startedAt}, finished ${summary.finishedAt}.`,
    '',
    ...summary.errors.map((error) => `**Error:** ${error}`),
    '',
    `Services: ${summary.services.length > 0 ? summary.services.map((service) => `${service.name} (${service.provider}, ready in ${service.readyMs} ms)`).join(', ') : 'none started'}`,
    '',
    '| Agent | Status | Tests | Passed | Failed | Skipped | Duration | Note |',
    '|---|---|---|---|---|---|---|---|',
    ...agents.map((agent) => `| ${agent.agent} | ${agent.status} | ${agent.tests.total} | ${agent.tests.passed} | ${agent.tests.failed} | ${agent.tests.skipped} | ${Math.round(agent.durationMs / 1000)} s | ${(agent.reason ?? '').replace(/\|/g, '\\|')} |`),
    '',
  ];
  for (const diagnosed of input.diagnosis.agents) {
    lines.push(`## ${diagnosed.agent}: ${diagnosed.status}${diagnosed.reason ? ` (${diagnosed.reason})` : ''}`, '');
    for (const failing of [...diagnosed.brokenFiles, ...diagnosed.failingTests]) {
      lines.push(`- \`${failing.file}\` › ${failing.test}`, '', '```', failing.message, '```', '');
    }
    if (diagnosed.stderrTail) lines.push('Last stderr lines:', '', '```', diagnosed.stderrTail.trimEnd().split('\n').slice(-20).join('\n'), '```', '');
  }
  const markdownFile = path.join(input.reportsDirectory, 'orchestrator-summary.md');
  fs.writeFileSync(markdownFile, `${lines.join('\n')}\n`);
  return [jsonFile, markdownFile];
}
