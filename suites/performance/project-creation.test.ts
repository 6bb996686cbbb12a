import { randomUUID } from 'node:crypto';
import { deployedUrl, runOpenModel, startTarget, testUnless, type OpenModelResult, type SystemTarget, type TargetUser } from '@orch/harness';
import { Client } from 'pg';
import { jsonHeaders, registerUsers } from './src/ai-dawg-users';
import { exclusiveLoad } from './src/exclusive-load';
import { describeGenerator, loadDetails } from './src/generator-details';
import { PROJECT_LOAD } from './src/load-profiles';
import { remoteLoadRefusal } from './src/loopback-only';
import { MetricBatch } from './src/metric-batch';
import { performanceProfile, timeoutFor } from './src/profile';
import { deadlockCount, projectFoldersInS3, projectsInPostgres, samplePoolUse, sqlErrorCode } from './src/storage-checks';

const profile = performanceProfile();
const refusal = remoteLoadRefusal(deployedUrl('ai-dawg'));
const storageReason = deployedUrl('ai-dawg') ? `needs the database and bucket behind the API; target is ${deployedUrl('ai-dawg')}` : undefined;

interface ProjectRun {
  result: OpenModelResult;
  acknowledged: string[];
  invalidSent: number;
  invalidRefused: number;
  pool?: { maxActive: number; maxConnections: number; samples: number };
  deadlocks?: number;
}

describe('AI DAWG POST /api/projects with 100 concurrent users (seed: p95 < 500 ms, no lost writes, constraints enforced)', () => {
  let target: SystemTarget;
  let users: TargetUser[] = [];
  let sql: Client | undefined;
  let run: ProjectRun | undefined;

  beforeAll(async () => {
    if (refusal) return;
    target = await startTarget('ai-dawg');
    users = await registerUsers(target, PROJECT_LOAD.users, 'perf-projects');
    if (target.storage) {
      sql = new Client({ connectionString: target.storage.databaseUrl });
      await sql.connect();
    }
  }, 120_000);

  afterAll(async () => {
    await sql?.end();
    await target?.stop();
  });

  function database(): string {
    return new URL(target.storage!.databaseUrl).pathname.slice(1);
  }

  testUnless(refusal, '[PERF-16] 100 concurrent users create projects with p95 < 500 ms', async () => {
    const acknowledged: string[] = [];
    let invalidSent = 0;
    let invalidRefused = 0;
    const everyInvalid = Math.round(1 / PROJECT_LOAD.invalidShare);
    run = await exclusiveLoad(async () => {
      const deadlocksBefore = sql ? await deadlockCount(sql, database()) : undefined;
      const pool = sql ? samplePoolUse(sql, database()) : undefined;
      const result = await runOpenModel({
        baseUrl: target.baseUrl,
        ratePerSecond: PROJECT_LOAD.ratePerSecond,
        durationMs: profile.projectSeconds * 1000,
        users: PROJECT_LOAD.users,
        warmUp: false,
        request: (index) => {
          const user = users[index % users.length]!;
          const invalid = index % everyInvalid === everyInvalid - 1;
          if (invalid) invalidSent += 1;
          return invalid
            ? { name: 'POST /api/projects (bpm out of range)', method: 'POST', path: '/api/projects', headers: jsonHeaders(user), body: JSON.stringify({ name: `bad ${index}`, bpm: 1000 }), ok: (status) => status === 400 }
            : { name: 'POST /api/projects', method: 'POST', path: '/api/projects', headers: jsonHeaders(user), body: JSON.stringify({ name: `Load session ${index}`, bpm: 60 + (index % 140) }), ok: (status) => status === 201 };
        },
        onResponse: ({ status, body, name }) => {
          if (name.includes('out of range')) {
            if (status === 400) invalidRefused += 1;
          } else if (status === 201) acknowledged.push((JSON.parse(body.toString()) as { project: { id: string } }).project.id);
        },
      });
      const poolUse = await pool?.stop();
      return { result, acknowledged, invalidSent, invalidRefused, pool: poolUse, deadlocks: sql ? (await deadlockCount(sql, database())) - deadlocksBefore! : undefined };
    });
    const { result } = run;
    const creates = result.byName['POST /api/projects']!;
    const batch = new MetricBatch(`AI DAWG POST /api/projects, ${PROJECT_LOAD.users} users, ${PROJECT_LOAD.ratePerSecond} req/s for ${profile.projectSeconds} s`);
    const details = loadDetails({ profile: profile.name, generator: result.generator, corrected: creates.corrected, uncorrected: creates.uncorrected, extra: { users: PROJECT_LOAD.users, askedRatePerSecond: PROJECT_LOAD.ratePerSecond, achievedRatePerSecond: result.achievedRatePerSecond, lateSends: result.lateSends, statuses: result.statuses, acknowledged: run.acknowledged.length, target: target.kind } });
    batch.add({ name: 'POST /api/projects p95 latency at 100 users', unit: 'ms', threshold: 'p(95)<500', target: 'p95 latency: Target <500ms', histogram: creates.corrected, details });
    batch.add({ name: 'POST /api/projects error rate at 100 users', unit: 'ratio', value: result.errorRate, details });
    batch.add({ name: 'load generator CPU (project creation)', unit: 'ratio', value: result.generator.cpuRatio, details });
    batch.note(`${run.acknowledged.length} projects acknowledged, ${result.errors} errors (${result.timeouts} timeouts), ${result.lateSends} late sends`);
    batch.note(describeGenerator(result.generator));
    if (result.errorSamples.length > 0) batch.note(`errors: ${result.errorSamples.slice(0, 3).join(' | ')}`);
    batch.assertAll();
    expect(result.errors).toBe(0);
  }, timeoutFor(profile.projectSeconds));

  testUnless(refusal ?? storageReason, '[PERF-17] [PERF-18] [PERF-19] [PERF-20] under that load the pool is used within its bounds, nothing deadlocks or times out, every acknowledged project is in Postgres and S3, and constraints hold', async () => {
    if (!run || !sql) throw new Error('the [PERF-16] load did not run, so there is nothing to check');
    const { result, acknowledged } = run;
    const batch = new MetricBatch('AI DAWG POST /api/projects: storage after the load');
    const details = { profile: profile.name, acknowledged: acknowledged.length, pool: run.pool, deadlocks: run.deadlocks, timeouts: result.timeouts, statuses: result.statuses };
    batch.add({ scenario: 'PERF-17', name: 'database connections in use (peak) during 100-user project creation', unit: 'connections', value: run.pool!.maxActive, details });
    batch.add({ scenario: 'PERF-17', name: 'database connections open (peak) during 100-user project creation', unit: 'connections', value: run.pool!.maxConnections, details });
    const serverErrors = Object.entries(result.statuses).filter(([status]) => status.startsWith('5')).reduce((sum, [, count]) => sum + count, 0);
    batch.add({ scenario: 'PERF-18', name: 'deadlocks and timeouts during 100-user project creation', unit: 'deadlocks+timeouts', threshold: 'count==0', target: 'Deadlocks or timeouts (none expected)', value: run.deadlocks! + result.timeouts + serverErrors, details: { ...details, serverErrors } });

    const inPostgres = await projectsInPostgres(sql, acknowledged);
    const inS3 = await projectFoldersInS3(target.storage!.bucket);
    const lost = acknowledged.filter((id) => !inPostgres.has(id) || !inS3.has(id));
    batch.add({ scenario: 'PERF-19', name: 'acknowledged projects missing from Postgres or S3', unit: 'lost writes', threshold: 'count==0', target: 'All projects created (no lost writes)', value: lost.length, details: { ...details, inPostgres: inPostgres.size, inS3: inS3.size, lostSample: lost.slice(0, 5) } });

    // Constraints: the API refused every out-of-range project, the table holds no row it should not, and the schema itself refuses bad rows.
    const userIds = [...new Set((await sql.query<{ owner_id: string }>('SELECT DISTINCT owner_id FROM projects')).rows.map((row) => row.owner_id))];
    const { rows } = await sql.query<{ total: number; invalid: number }>('SELECT count(*)::int AS total, count(*) FILTER (WHERE bpm NOT BETWEEN 20 AND 300 OR char_length(name) = 0)::int AS invalid FROM projects');
    const owner = userIds[0]!;
    const insert = 'INSERT INTO projects (id, owner_id, name, bpm, sample_rate, bit_depth, created_at, updated_at) VALUES ($1, $2, $3, $4, 48000, 24, now(), now())';
    const refusals = {
      bpmOutOfRange: await sqlErrorCode(sql, insert, [randomUUID(), owner, 'too fast', 1000]),
      duplicateId: await sqlErrorCode(sql, insert, [acknowledged[0], owner, 'duplicate', 120]),
      unknownOwner: await sqlErrorCode(sql, insert, [randomUUID(), randomUUID(), 'orphan', 120]),
      emptyName: await sqlErrorCode(sql, insert, [randomUUID(), owner, '', 120]),
    };
    const accepted = (run.invalidSent - run.invalidRefused) + rows[0]!.invalid + (rows[0]!.total - acknowledged.length) + Object.values(refusals).filter((code) => code === undefined).length;
    batch.add({ scenario: 'PERF-20', name: 'constraint violations accepted under load', unit: 'violations accepted', threshold: 'count==0', target: 'Database constraints enforced', value: accepted, details: { invalidSent: run.invalidSent, invalidRefused: run.invalidRefused, rows: rows[0], acknowledged: acknowledged.length, refusals } });
    batch.note(`pool: peak ${run.pool!.maxActive} busy of ${run.pool!.maxConnections} open connections (${run.pool!.samples} samples); deadlocks ${run.deadlocks}, timeouts ${result.timeouts}, 5xx ${serverErrors}`);
    batch.note(`${acknowledged.length} acknowledged: ${inPostgres.size} rows in Postgres, ${inS3.size} folders in S3; ${run.invalidRefused}/${run.invalidSent} out-of-range requests refused with 400`);
    batch.note(`schema refusals: ${JSON.stringify(refusals)}`);
    batch.assertAll();
    // The pool was exercised and stayed within the backend's configured size (20).
    expect(run.pool!.maxActive).toBeGreaterThan(0);
    expect(run.pool!.maxConnections).toBeLessThanOrEqual(20);
    expect(refusals).toEqual({ bpmOutOfRange: '23514', duplicateId: '23505', unknownOwner: '23503', emptyName: '23514' });
    expect(run.invalidSent).toBeGreaterThan(0);
  });
});
