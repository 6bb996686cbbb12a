import { buildVocalCoachApp } from './build-vocal-coach-app';

/** Entry: `node --import tsx packages/ai-dawg/src/vocal-coach/main.ts` (PORT, default 8000). */
async function main(): Promise<void> {
  const app = await buildVocalCoachApp({ logger: process.env.LOG_LEVEL !== 'silent' });
  const address = await app.listen({ port: Number(process.env.PORT ?? 8000), host: process.env.HOST ?? '127.0.0.1' });
  app.log.info({ address }, 'ai-dawg vocal coach listening');
  const shutdown = async (): Promise<void> => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`ai-dawg vocal coach failed to start: ${(error as Error).message}`);
  process.exit(1);
});
