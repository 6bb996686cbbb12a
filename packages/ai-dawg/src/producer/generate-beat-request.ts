import { GENRES, type Genre } from './genres';

/**
 * The beat request contract, shared by the backend (which checks it before forwarding) and the
 * producer (which enqueues it): one schema, so the two can never accept different requests.
 */
export const generateBeatBody = {
  type: 'object',
  required: ['genre', 'bpm', 'projectId'],
  additionalProperties: false,
  properties: {
    genre: { type: 'string', enum: [...GENRES] },
    bpm: { type: 'integer', minimum: 60, maximum: 200 },
    projectId: { type: 'string', format: 'uuid' },
    bars: { type: 'integer', minimum: 1, maximum: 16 },
  },
} as const;

export interface GenerateBeatRequest {
  genre: Genre;
  bpm: number;
  projectId: string;
  bars?: number;
}
