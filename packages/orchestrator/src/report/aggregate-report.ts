import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServiceDescription } from '@orch/harness';
import {
  attachMergedCoverage,
  buildReport,
  crashedAgentReport,
  finalizeReport,
  loadUserCaseMatrix,
  mergeReports,
  readReport,
  writeReportFiles,
  type DiagnosedTest,
  type Report,
} from '@orch/golden-signals-reporter';
import { writeJsonAtomic } from '../coordination/write-json-atomic';
import type { Diagnosis } from '../diagnose/diagnose';
import type { MasterPlan } from '../plan/master-plan';
import type { AgentPaths } from '../run/agent-paths';
import type { AgentOutcome } from '../run/run-agent';

export interface AggregateInput {
  agents: readonly string[];
  outcomes: readonly AgentOutcome[];
  pathsOf(agent: string): AgentPaths;
  reportsDirectory: string;
  repoRoot: string;
  /** An error that stopped the run before or between agents (broken matrix, services down). */
  runError?: string;
  matrixFile: string;
  services: ServiceDescription[];
  diagnosis: Diagnosis;
  /** The master plan of this run, its top gaps repeated in the summary. */
  plan?: MasterPlan;
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
 * Phases 4 and 5: the golden-signals report (report.json, daily-report-DATE.md/.html) merged from
 * every agent, each agent's JUnit file, and `orchestrator-summary.json/.md` (how each agent
 * process ended, the diagnosis). The summary is written even when the golden-signals report
 * cannot be, so there is always a report naming every agent.
 */
export function aggregateReport(input: AggregateInput): AggregateResult {
  fs.mkdirSync(input.reportsDirectory, { recursive: true });
  const files: string[] = [];
  let reporterError: string | undefined;
  try {
    const report = goldenSignalsReport(input);
    const written = writeReportFiles(report, input.reportsDirectory);
    files.push(written.json, written.markdown, written.html);
  } catch (error) {
    reporterError = `golden-signals report not written: ${(error as Error).message}`;
  }
  files.push(...copyJunitFiles(input));
  files.push(...writeSummary(input, reporterError));
  return { files, reporterError };
}

/**
 * One report for the run: each agent's shard as its Jest reporter wrote it, a crashed agent's
 * report (from the matrix, naming the crash) in place of a shard it never wrote, and the
 * orchestrator's own errors. When no agent ran (a broken matrix, services down), a report built
 * from no results at all still carries the error and lists every agent as not run.
 */
function goldenSignalsReport(input: AggregateInput): Report {
  const matrixOptions = { matrix: input.matrixFile, rootDir: input.repoRoot };
  const shards: Report[] = [];
  const errors: string[] = input.runError ? [input.runError] : [];
  for (const agent of input.agents) {
    const outcome = input.outcomes.find((candidate) => candidate.agent === agent);
    if (!outcome) continue;
    const shardFile = path.join(input.pathsOf(agent).reportsDirectory, 'report.json');
    if (outcome.status === 'crashed') {
      shards.push(crashedAgentReport(agent, crashReason(outcome), matrixOptions));
    } else if (fs.existsSync(shardFile)) {
      try {
        shards.push(readReport(shardFile));
      } catch (error) {
        shards.push(crashedAgentReport(agent, `its report could not be read: ${(error as Error).message}`, matrixOptions));
      }
    } else if (outcome.status !== 'no-tests') {
      shards.push(crashedAgentReport(agent, `finished (${outcome.status}) without writing its report.json`, matrixOptions));
    }
  }
  let report: Report;
  if (shards.length > 0) {
    const shardFiles = input.agents.map((agent) => path.join(input.pathsOf(agent).reportsDirectory, 'report.json'));
    report = attachMergedCoverage(mergeReports(shards), shardFiles, input.repoRoot);
  } else {
    const at = new Date(input.startedAt);
    report = buildReport({
      startedAt: at,
      finishedAt: input.now ?? new Date(),
      profile: input.profile,
      rootDir: input.repoRoot,
      matrix: loadUserCaseMatrix(input.matrixFile),
      files: [],
      sidecars: [],
    });
    report = finalizeReport(report);
  }
  for (const entry of report.agents) {
    if (!input.agents.includes(entry.name)) continue;
    const outcome = input.outcomes.find((candidate) => candidate.agent === entry.name);
    if (outcome?.status === 'no-tests') entry.error ??= `no tests yet (no test file under suites/${entry.name})`;
    if (outcome) continue;
    entry.status = 'not-run';
    entry.error = input.runError ? `not run: ${input.runError}` : 'not started';
  }
  if (report.services.length === 0 && input.services.length > 0) {
    report.services = input.services.map(({ name, provider, readyMs, details }) => ({ name, provider, readyMs, details }));
  }
  report.errors = [...new Set([...report.errors, ...errors])];
  const diagnosed = diagnosedTests(input.diagnosis);
  if (diagnosed.length > 0) report.diagnosis = diagnosed;
  return report;
}

/** The diagnosis, flattened for report.json: every failed test with its class, re-run and logs. */
function diagnosedTests(diagnosis: Diagnosis): DiagnosedTest[] {
  return diagnosis.agents.flatMap((agent) =>
    [...agent.brokenFiles, ...agent.failingTests].map((failing) => ({
      agent: agent.agent,
      file: failing.file,
      test: failing.test,
      message: failing.message,
      class: failing.classification?.class ?? 'deterministic',
      ...(failing.classification?.service ? { service: failing.classification.service } : {}),
      why: failing.classification?.why ?? 'not classified',
      ...(failing.rerun ? { rerun: failing.rerun } : {}),
    })),
  );
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
        ? {
            total: outcome.results.numTotalTests,
            passed: outcome.results.numPassedTests,
            failed: outcome.results.numFailedTests,
            skipped: outcome.results.numPendingTests + outcome.results.numTodoTests,
          }
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
    ...agents.map(
      (agent) =>
        `| ${agent.agent} | ${agent.status} | ${agent.tests.total} | ${agent.tests.passed} | ${agent.tests.failed} | ${agent.tests.skipped} | ${Math.round(agent.durationMs / 1000)} s | ${(agent.reason ?? '').replace(/\|/g, '\\|')} |`,
    ),
    '',
  ];
  if (input.plan) {
    lines.push(`## Plan: ${input.plan.gaps.length} gaps (master-plan.json)`, '');
    for (const gap of input.plan.gaps.slice(0, 15)) lines.push(`- ${gap.priority} ${gap.kind} **${gap.subject}** → ${gap.owner}: ${gap.why}`);
    lines.push('');
  }
  for (const diagnosed of input.diagnosis.agents) {
    lines.push(`## ${diagnosed.agent}: ${diagnosed.status}${diagnosed.reason ? ` (${diagnosed.reason})` : ''}`, '');
    for (const failing of [...diagnosed.brokenFiles, ...diagnosed.failingTests]) {
      const kind = failing.classification
        ? ` — **${failing.classification.class}**${failing.classification.service ? ` (${failing.classification.service})` : ''}: ${failing.classification.why}`
        : '';
      lines.push(`- \`${failing.file}\` › ${failing.test}${kind}`, '', '```', failing.message, '```', '');
    }
    if (diagnosed.stderrTail) lines.push('Last stderr lines:', '', '```', diagnosed.stderrTail.trimEnd().split('\n').slice(-20).join('\n'), '```', '');
  }
  const markdownFile = path.join(input.reportsDirectory, 'orchestrator-summary.md');
  fs.writeFileSync(markdownFile, `${lines.join('\n')}\n`);
  return [jsonFile, markdownFile];
}
