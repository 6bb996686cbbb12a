import type { ServiceName } from '../services/started-service';

/**
 * Every environment variable the toolkit reads (ORCH_* and the service and target URLs), in one
 * typed place. The README's "Environment variables" table is generated from this list and a
 * toolkit test keeps the two equal, so a new variable is documented when it is added.
 * The systems' own variables (PORT, JARVIS_WEBHOOK_URLS, ...) are documented in their READMEs:
 * a system never imports the harness.
 */
export interface EnvironmentVariable {
  /** Variables documented together share one row. */
  names: readonly string[];
  /** The README's wording: what setting it does, and its default. */
  meaning: string;
  /** Set by the toolkit for its own child processes; a user has no reason to set it. */
  internal?: boolean;
}

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  { names: ['ORCH_PROFILE'], meaning: "`ci` (default: short loads, small data) or `full` (the seed's durations)" },
  {
    names: ['ORCH_ALLOW_REMOTE_LOAD'],
    meaning: '`1` lets the performance suite load a target that is not on this machine (off by default; distributed load: `pnpm perf:export-k6`)',
  },
  { names: ['DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_REGION'], meaning: 'use these servers instead of starting any' },
  { names: ['ORCH_TESTCONTAINERS'], meaning: '`0` skips the container-runtime probe' },
  {
    names: ['ORCH_POSTGRES_IMAGE', 'ORCH_REDIS_IMAGE', 'ORCH_S3_IMAGE'],
    meaning: 'container image Testcontainers starts for that service (defaults: `CONTAINER_IMAGES` in the harness)',
  },
  { names: ['ORCH_SERVICES'], meaning: '`none` starts no Postgres, Redis or S3 (for runs whose suites need none)' },
  { names: ['ORCH_SERVICE_REGISTRY'], meaning: 'where started servers register so a later run reaps orphans (default `$TMPDIR/test-orchestrator-services`)' },
  { names: ['ORCH_REPORTS_DIR'], meaning: 'where the reporter, JUnit and coverage write (default `reports/`)' },
  { names: ['ORCH_RUN_DIR'], meaning: 'where tests leave metric sidecars for the reporter (default `reports/.runtime`)' },
  { names: ['ORCH_COVERAGE'], meaning: '`0` skips coverage collection (faster local loops)' },
  { names: ['ORCH_MATRIX_PATH'], meaning: 'the scenario matrix the reporter reads (default `fixtures/user-case-matrix.json`)' },
  { names: ['ORCH_SHARD_ID'], meaning: "this run's shard name in a CI matrix, kept in report.json through the merge" },
  { names: ['ORCH_RETRIES'], meaning: 'retries of a failed test (default: 2 when `CI=true`, else 0); a test that passed after a retry is reported flaky' },
  { names: ['ORCH_HISTORY'], meaning: '`0`: do not archive the previous report in `reports/history/` nor compare with it (set for the parts `pnpm test` merges)' },
  { names: ['ORCH_SEED_PATH'], meaning: "the seed text the matrix test checks against when the repository's copy is absent" },
  { names: ['CHROMIUM_PATH'], meaning: "the Chromium the browser checks launch (default Debian's `/usr/bin/chromium`); without it they are reported not run" },
  { names: ['JARVIS_URL', 'JARVIS_TOKEN', 'AIDAWG_URL', 'AIDAWG_TOKEN'], meaning: 'run the black-box suites against deployed systems (below)' },
  { names: ['JARVIS_ADMIN_TOKEN', 'AIDAWG_ADMIN_TOKEN'], meaning: 'admin tokens for a deployed system (default: the user token)' },
  { names: ['AIDAWG_PRODUCER_URL', 'AIDAWG_VOCAL_COACH_URL'], meaning: "a deployed AI DAWG's producer and vocal coach, when they are not behind its backend URL" },
  { names: ['ORCH_SERVICES_JSON'], meaning: 'the services `pnpm orchestrate` already started, passed to each agent so none starts them again', internal: true },
  { names: ['ORCH_REPO_ROOT'], meaning: 'the repository root, for starting system entries (set by Jest global setup)', internal: true },
  { names: ['ORCH_BASE_JEST_CONFIG', 'ORCH_PROGRESS_FILE'], meaning: "an agent child's base Jest config and live-progress file (set by `pnpm orchestrate`)", internal: true },
  { names: ['ORCH_TEST_PATH'], meaning: 'the test file a figure recorded outside a Jest worker belongs to', internal: true },
];

/** The README table: one row per entry, internal variables marked. */
export function environmentTable(): string {
  const rows = ENVIRONMENT_VARIABLES.map(({ names, meaning, internal }) => `| ${names.map((name) => `\`${name}\``).join(', ')} | ${internal ? '(internal) ' : ''}${meaning} |`);
  return ['| variable | meaning |', '|---|---|', ...rows].join('\n');
}

export interface OrchEnvironment {
  profile: 'ci' | 'full';
  /** False only when ORCH_COVERAGE=0. */
  coverage: boolean;
  /** False only when ORCH_TESTCONTAINERS=0. */
  testcontainers: boolean;
  /** True when ORCH_SERVICES=none. */
  noServices: boolean;
  servicesJson?: string;
  serviceRegistry?: string;
  reportsDir?: string;
  runDir?: string;
  repoRoot?: string;
  matrixPath?: string;
  seedPath?: string;
  testPath?: string;
  chromiumPath: string;
  /** ORCH_<SERVICE>_IMAGE when set. */
  containerImage(service: ServiceName): string | undefined;
}

const set = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** Reads the variables now (not at import), so code that sets one and then reads it sees it. */
export function orchEnvironment(env: NodeJS.ProcessEnv = process.env): OrchEnvironment {
  return {
    profile: env.ORCH_PROFILE === 'full' ? 'full' : 'ci',
    coverage: env.ORCH_COVERAGE !== '0',
    testcontainers: env.ORCH_TESTCONTAINERS !== '0',
    noServices: env.ORCH_SERVICES === 'none',
    servicesJson: set(env.ORCH_SERVICES_JSON),
    serviceRegistry: set(env.ORCH_SERVICE_REGISTRY),
    reportsDir: set(env.ORCH_REPORTS_DIR),
    runDir: set(env.ORCH_RUN_DIR),
    repoRoot: set(env.ORCH_REPO_ROOT),
    matrixPath: set(env.ORCH_MATRIX_PATH),
    seedPath: set(env.ORCH_SEED_PATH),
    chromiumPath: set(env.CHROMIUM_PATH) ?? '/usr/bin/chromium',
    testPath: set(env.ORCH_TEST_PATH),
    containerImage: (service) => set(env[`ORCH_${service.toUpperCase()}_IMAGE`]),
  };
}
