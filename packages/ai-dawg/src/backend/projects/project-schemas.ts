/** JSON schemas of the project API; fastify rejects anything else with 400 VALIDATION_FAILED. */
export const SAMPLE_RATES = [44_100, 48_000, 88_200, 96_000] as const;
export const BIT_DEPTHS = [16, 24, 32] as const;

const name = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } as const;
const bpm = { type: 'integer', minimum: 20, maximum: 300 } as const;

export const createProjectBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name,
    bpm,
    // The seed's session setup: 24-bit / 48 kHz unless asked otherwise.
    sampleRate: { type: 'integer', enum: [...SAMPLE_RATES], default: 48_000 },
    bitDepth: { type: 'integer', enum: [...BIT_DEPTHS], default: 24 },
  },
} as const;

export const updateProjectBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name, bpm },
} as const;

export const projectIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

export const listProjectsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    search: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
    token: { type: 'string' },
  },
} as const;

export interface CreateProjectInput {
  name: string;
  bpm?: number;
  sampleRate: number;
  bitDepth: number;
}

export interface UpdateProjectInput {
  name?: string;
  bpm?: number;
}
