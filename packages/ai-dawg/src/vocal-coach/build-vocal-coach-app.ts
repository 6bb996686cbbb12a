import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';
import { STRICT_AJV } from '../shared/strict-ajv';
import { installErrorHandler } from '../errors/error-handler';
import { systemClock, type Clock } from '../shared/clock';
import { HealthReporter } from '../shared/health-report';
import { originAllowed } from '../shared/origin-policy';
import { decodePcmFrame } from './pcm-frame';
import { PitchAnalyzer, type PitchAnalyzerOptions } from './pitch-analyzer';
import { SessionTally } from './session-summary';

export interface VocalCoachOptions {
  clock?: Clock;
  analyzer?: PitchAnalyzerOptions;
  toleranceCents?: number;
  logger?: boolean;
  /** Browser origins allowed besides pages of this same host (any port); others are refused before the upgrade. */
  allowedOrigins?: string[];
}

/**
 * The vocal coach: `GET /ws/vocal` (WebSocket). Binary frames carry PCM (see pcm-frame.ts); each
 * is answered with `{ type: 'pitch', sequence, frequency, note, cents, clarity, processingMs }`.
 * Text `{"type":"summary"}` returns the session summary; `{"type":"end"}` returns it and closes.
 */
export async function buildVocalCoachApp(options: VocalCoachOptions = {}): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  const app = Fastify({ ajv: STRICT_AJV, logger: options.logger ?? false });
  installErrorHandler(app);
  // One chunk is 19 KB of Float32; a second of audio is the most a frame may carry.
  await app.register(websocket, { options: { maxPayload: 8 + 48_000 * 4 } });
  const health = new HealthReporter('ai-dawg-vocal-coach', [], clock);
  let sessions = 0;

  app.get('/health', async () => ({ ...(await health.report()), activeSessions: sessions }));

  // Warm the code paths at start-up so no session's first chunk pays for compilation.
  new PitchAnalyzer(options.analyzer).warmUp();

  // Refused before the upgrade, so a foreign page gets a 403 and never a socket.
  const checkOrigin = async (request: { headers: { origin?: string; host?: string } }): Promise<void> => {
    const origin = request.headers.origin;
    if (typeof origin === 'string' && !originAllowed(origin, request.headers.host, options.allowedOrigins ?? [], true)) {
      throw new AppError('FORBIDDEN', 'WebSocket connections from this origin are not allowed');
    }
  };

  app.get('/ws/vocal', { websocket: true, preValidation: checkOrigin }, (socket) => {
    sessions++;
    const analyzer = new PitchAnalyzer(options.analyzer);
    analyzer.warmUp();
    const tally = new SessionTally(options.toleranceCents ?? 15);
    const sendError = (error: unknown): void => {
      const appError = error instanceof AppError ? error : new AppError('INTERNAL', 'internal error');
      socket.send(JSON.stringify({ type: 'error', ...appError.toJSON() }));
    };
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) {
        let command: { type?: unknown };
        try {
          command = JSON.parse(data.toString('utf8')) as { type?: unknown };
        } catch {
          sendError(new AppError('BAD_MESSAGE', 'text messages must be JSON: {"type":"summary"} or {"type":"end"}'));
          return;
        }
        if (command.type === 'summary') socket.send(JSON.stringify(tally.summary()));
        else if (command.type === 'end') {
          socket.send(JSON.stringify(tally.summary()));
          socket.close(1000, 'session ended');
        } else sendError(new AppError('BAD_MESSAGE', 'unknown command; use {"type":"summary"} or {"type":"end"}'));
        return;
      }
      const started = performance.now();
      try {
        const frame = decodePcmFrame(data);
        const gap = tally.sequence(frame.sequence);
        const reading = analyzer.analyze(frame.samples);
        const processingMs = Math.round((performance.now() - started) * 1000) / 1000;
        tally.reading(reading, processingMs);
        socket.send(JSON.stringify({ type: 'pitch', sequence: frame.sequence, ...reading, droppedBefore: gap, processingMs, at: clock.now() }));
      } catch (error) {
        sendError(error);
      }
    });
    socket.on('close', () => {
      sessions--;
    });
  });

  app.addHook('onClose', async () => health.close());
  return app;
}
