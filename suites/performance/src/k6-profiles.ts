import { matrixThreshold, type K6Script, type K6ThresholdTerm } from '@orch/harness';
import { BEAT_LOAD, HEALTH_LEVELS, HEALTH_RATE_PER_SECOND, MIXED_ENDPOINT_THRESHOLD, MIXED_LOAD, PROJECT_LOAD, VOCAL_LOAD } from './load-profiles';
import { type PerformanceProfile } from './profile';

/** A matrix threshold term bound to the k6 metric that measures it. */
function term(scenario: string, metric: string): K6ThresholdTerm {
  const { threshold, unit } = matrixThreshold(scenario);
  return { scenario, metric, threshold, unit };
}

/**
 * Threshold terms k6 cannot measure from the outside, with the reason; the Jest suite measures
 * them (it samples the server process), and the export test checks this list is all that is missing.
 */
export const SERVER_SIDE_TERMS: Readonly<Record<string, string>> = {
  'PERF-24': 'server CPU share is read from the server process (/proc); k6 sees only the network',
};

const duration = (seconds: number): string => (seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`);

function healthScript(level: (typeof HEALTH_LEVELS)[number], profile: PerformanceProfile): K6Script {
  const { scenarios } = level;
  return {
    name: `jarvis-health-${level.label}`,
    description: `JARVIS GET /health at ${level.users} concurrent users (${level.label}), ${HEALTH_RATE_PER_SECOND} req/s open model`,
    imports: ["import http from 'k6/http';"],
    options: {
      scenarios: {
        [level.label]: {
          executor: 'constant-arrival-rate',
          rate: HEALTH_RATE_PER_SECOND,
          timeUnit: '1s',
          duration: duration(profile.healthSecondsPerLevel),
          preAllocatedVUs: level.users,
          maxVUs: level.users,
        },
      },
    },
    thresholds: [
      term(scenarios.p50, 'http_req_duration'),
      term(scenarios.p95, 'http_req_duration'),
      term(scenarios.p99, 'http_req_duration'),
      term(scenarios.throughput, 'http_reqs'),
      term(scenarios.errors, 'http_req_failed'),
    ],
    code: `
const BASE_URL = __ENV.JARVIS_URL || 'http://127.0.0.1:4000';

export default function () {
  http.get(\`\${BASE_URL}/health\`);
}`,
  };
}

const AI_DAWG_SETUP = `
const BASE_URL = __ENV.AIDAWG_URL || 'http://127.0.0.1:3001';

/** @param {string} label */
function register(label) {
  const email = \`\${label}-\${Date.now().toString(36)}-\${Math.floor(Math.random() * 1e9).toString(36)}@example.test\`;
  const response = http.post(\`\${BASE_URL}/api/auth/register\`, JSON.stringify({ email, password: \`pw-\${Math.random().toString(36).slice(2)}x\` }), { headers: { 'content-type': 'application/json' } });
  if (response.status !== 201) throw new Error(\`register failed: \${response.status} \${response.body}\`);
  return String(response.json('token'));
}

/** @param {string} token */
function headers(token) {
  return { headers: { 'content-type': 'application/json', authorization: \`Bearer \${token}\` } };
}`;

function projectsScript(profile: PerformanceProfile): K6Script {
  return {
    name: 'ai-dawg-projects',
    description: `AI DAWG POST /api/projects with ${PROJECT_LOAD.users} concurrent users at ${PROJECT_LOAD.ratePerSecond} req/s; acknowledged projects read back (row and S3 folder)`,
    imports: ["import http from 'k6/http';", "import { Counter } from 'k6/metrics';"],
    options: {
      setupTimeout: '120s',
      scenarios: {
        create: {
          executor: 'constant-arrival-rate',
          rate: PROJECT_LOAD.ratePerSecond,
          timeUnit: '1s',
          duration: duration(profile.projectSeconds),
          preAllocatedVUs: PROJECT_LOAD.users,
          maxVUs: PROJECT_LOAD.users,
        },
      },
    },
    thresholds: [
      term('PERF-16', 'http_req_duration{name:create}'),
      term('PERF-18', 'deadlocks_timeouts'),
      term('PERF-19', 'lost_writes'),
      term('PERF-20', 'constraint_violations_accepted'),
    ],
    code: `
const deadlocksTimeouts = new Counter('deadlocks_timeouts');
const lostWrites = new Counter('lost_writes');
const constraintViolations = new Counter('constraint_violations_accepted');
${AI_DAWG_SETUP}

export function setup() {
  const tokens = [];
  for (let user = 0; user < ${PROJECT_LOAD.users}; user++) tokens.push(register(\`k6-projects-\${user}\`));
  return { tokens };
}

/** @param {{ tokens: string[] }} data */
export default function (data) {
  const token = data.tokens[(__VU - 1) % data.tokens.length];
  if (Math.random() < ${PROJECT_LOAD.invalidShare}) {
    const refused = http.post(\`\${BASE_URL}/api/projects\`, JSON.stringify({ name: 'out of range', bpm: 1000 }), { ...headers(token), tags: { name: 'invalid' }, responseCallback: http.expectedStatuses(400) });
    if (refused.status !== 400) constraintViolations.add(1);
    return;
  }
  const created = http.post(\`\${BASE_URL}/api/projects\`, JSON.stringify({ name: \`k6 session \${__VU}-\${__ITER}\`, bpm: 120 }), { ...headers(token), tags: { name: 'create' } });
  if (created.status === 0 || created.status >= 500) deadlocksTimeouts.add(1);
  if (created.status !== 201) return;
  const id = String(created.json('project.id'));
  // Read back: the row (Postgres) and the folder marker (S3) must both be there.
  const read = http.get(\`\${BASE_URL}/api/projects/\${id}\`, { ...headers(token), tags: { name: 'read-back' } });
  const files = read.status === 200 ? /** @type {{ key: string }[]} */ (read.json('project.files')) : [];
  if (!files.some((file) => file.key === \`projects/\${id}/\`)) lostWrites.add(1);
}`,
  };
}

function vocalScript(profile: PerformanceProfile): K6Script {
  const samples = (VOCAL_LOAD.sampleRate * VOCAL_LOAD.chunkMs) / 1000;
  return {
    name: 'vocal-coach-streams',
    description: `Vocal coach WebSocket: ${VOCAL_LOAD.streams} clients each sending ${VOCAL_LOAD.chunkMs} ms PCM chunks at real time`,
    imports: ["import ws from 'k6/ws';", "import { Rate, Trend } from 'k6/metrics';"],
    options: {
      scenarios: { streams: { executor: 'constant-vus', vus: VOCAL_LOAD.streams, duration: duration(profile.vocalSeconds) } },
    },
    thresholds: [term('PERF-21', 'chunk_latency'), term('PERF-22', 'chunk_dropped')],
    code: `
const chunkLatency = new Trend('chunk_latency', true);
const chunkDropped = new Rate('chunk_dropped');
const COACH_URL = (__ENV.AIDAWG_VOCAL_COACH_URL || 'http://127.0.0.1:8000').replace(/^http/, 'ws');
const SAMPLES = ${samples};
const STREAM_MS = ${profile.vocalSeconds * 1000};

/** A ${VOCAL_LOAD.chunkMs} ms Float32 frame of a ${VOCAL_LOAD.frequencyHz} Hz tone (8-byte header: sequence, format 1, mono). @param {number} sequence */
function frame(sequence) {
  const buffer = new ArrayBuffer(8 + SAMPLES * 4);
  const view = new DataView(buffer);
  view.setUint32(0, sequence, true);
  view.setUint8(4, 1);
  view.setUint8(5, 1);
  for (let i = 0; i < SAMPLES; i++) {
    const t = (sequence * SAMPLES + i) / ${VOCAL_LOAD.sampleRate};
    view.setFloat32(8 + i * 4, 0.5 * Math.sin(2 * Math.PI * ${VOCAL_LOAD.frequencyHz} * t), true);
  }
  return buffer;
}

export default function () {
  /** @type {Record<number, number>} */
  const due = {};
  let sequence = 0;
  ws.connect(\`\${COACH_URL}/ws/vocal\`, {}, (socket) => {
    socket.on('open', () => {
      socket.setInterval(() => {
        due[sequence] = Date.now();
        socket.sendBinary(frame(sequence));
        sequence += 1;
      }, ${VOCAL_LOAD.chunkMs});
      socket.setTimeout(() => socket.close(), STREAM_MS);
    });
    socket.on('message', (message) => {
      const data = JSON.parse(message);
      if (data.type !== 'pitch' || due[data.sequence] === undefined) return;
      chunkLatency.add(Date.now() - due[data.sequence]);
      chunkDropped.add(false);
      delete due[data.sequence];
    });
    socket.on('close', () => {
      for (const _ of Object.keys(due)) chunkDropped.add(true);
    });
  });
}`,
  };
}

function beatsScript(): K6Script {
  return {
    name: 'producer-beats',
    description: `AI Producer: ${BEAT_LOAD.requests} concurrent beat requests, each followed to its finished job`,
    imports: ["import http from 'k6/http';", "import { sleep } from 'k6';", "import { Counter, Rate, Trend } from 'k6/metrics';"],
    options: {
      setupTimeout: '60s',
      scenarios: { beats: { executor: 'per-vu-iterations', vus: BEAT_LOAD.requests, iterations: 1, maxDuration: '2m' } },
    },
    thresholds: [term('PERF-25', 'generation_time'), term('PERF-26', 'beats_refused'), term('PERF-28', 'beat_errors')],
    code: `
const generationTime = new Trend('generation_time', true);
const beatsRefused = new Counter('beats_refused');
const beatErrors = new Rate('beat_errors');
const GENRES = ${JSON.stringify(BEAT_LOAD.genres)};
${AI_DAWG_SETUP}

export function setup() {
  return { token: register('k6-beats') };
}

/** @param {{ token: string }} data */
export default function (data) {
  const project = http.post(\`\${BASE_URL}/api/projects\`, JSON.stringify({ name: \`k6 beats \${__VU}\` }), headers(data.token));
  const projectId = String(project.json('project.id'));
  const started = Date.now();
  const accepted = http.post(\`\${BASE_URL}/api/ai/generate-beat\`, JSON.stringify({ genre: GENRES[__VU % GENRES.length], bpm: ${BEAT_LOAD.bpm}, projectId, bars: ${BEAT_LOAD.bars} }), headers(data.token));
  if (accepted.status !== 202) {
    beatsRefused.add(1);
    beatErrors.add(true);
    return;
  }
  const jobId = String(accepted.json('job.id'));
  for (let poll = 0; poll < 600; poll++) {
    const state = String(http.get(\`\${BASE_URL}/api/ai/jobs/\${jobId}\`, headers(data.token)).json('job.state'));
    if (state === 'completed' || state === 'failed') {
      generationTime.add(Date.now() - started);
      beatErrors.add(state === 'failed');
      return;
    }
    sleep(0.1);
  }
  beatErrors.add(true);
}`,
  };
}

function mixedScript(profile: PerformanceProfile): K6Script {
  const endpoint = (name: string): K6ThresholdTerm => ({ scenario: 'PERF-30', metric: `http_req_duration{endpoint:${name}}`, threshold: MIXED_ENDPOINT_THRESHOLD, unit: 'ms' });
  return {
    name: 'mixed-load',
    description: `Full load simulation: ${MIXED_LOAD.users} users, 70% browse / 20% create / 10% generate at ${MIXED_LOAD.ratePerSecond} req/s`,
    imports: ["import http from 'k6/http';", "import { Counter } from 'k6/metrics';"],
    options: {
      setupTimeout: '120s',
      scenarios: {
        users: {
          executor: 'constant-arrival-rate',
          rate: MIXED_LOAD.ratePerSecond,
          timeUnit: '1s',
          duration: duration(profile.mixedSeconds),
          preAllocatedVUs: MIXED_LOAD.users,
          maxVUs: MIXED_LOAD.users,
          exec: 'user',
        },
        watch: { executor: 'constant-arrival-rate', rate: 2, timeUnit: '1s', duration: duration(profile.mixedSeconds), preAllocatedVUs: 2, exec: 'watch' },
      },
    },
    thresholds: [term('PERF-29', 'http_req_failed{scenario:users}'), endpoint('browse'), endpoint('create'), endpoint('generate'), term('PERF-31', 'service_down')],
    code: `
const serviceDown = new Counter('service_down');
${AI_DAWG_SETUP}

export function setup() {
  const users = [];
  for (let user = 0; user < ${MIXED_LOAD.users}; user++) {
    const token = register(\`k6-mix-\${user}\`);
    const project = http.post(\`\${BASE_URL}/api/projects\`, JSON.stringify({ name: \`k6 studio \${user}\` }), headers(token));
    users.push({ token, projectId: String(project.json('project.id')) });
  }
  return { users };
}

/** @param {{ users: { token: string, projectId: string }[] }} data */
export function user(data) {
  const { token, projectId } = data.users[(__VU - 1) % data.users.length];
  const slot = __ITER % 10;
  if (slot < 7) http.get(\`\${BASE_URL}/api/projects?limit=20\`, { ...headers(token), tags: { endpoint: 'browse' } });
  else if (slot < 9) http.post(\`\${BASE_URL}/api/projects\`, JSON.stringify({ name: \`k6 mix \${__VU}-\${__ITER}\`, bpm: 100 }), { ...headers(token), tags: { endpoint: 'create' } });
  else http.post(\`\${BASE_URL}/api/ai/generate-beat\`, JSON.stringify({ genre: 'house', bpm: 124, projectId, bars: 2 }), { ...headers(token), tags: { endpoint: 'generate' } });
}

export function watch() {
  const health = http.get(\`\${BASE_URL}/health\`, { tags: { endpoint: 'health' } });
  if (health.status === 0 || health.status >= 500) serviceDown.add(1);
}`,
  };
}

/** Every load of the performance suite as a k6 script, at the given profile's durations. */
export function k6Scripts(profile: PerformanceProfile): K6Script[] {
  return [...HEALTH_LEVELS.map((level) => healthScript(level, profile)), projectsScript(profile), vocalScript(profile), beatsScript(), mixedScript(profile)];
}
