// The clients these tests use against the AI DAWG: re-exported in one place so the tests import
// them the same way (and a version change touches one file).
import * as pg from 'pg';
import WebSocket from 'ws';
import * as s3 from '@aws-sdk/client-s3';

export { pg, s3, WebSocket };
export type Pool = pg.Pool;
export type { FastifyInstance } from 'fastify';
