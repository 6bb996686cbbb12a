import { configFromEnv } from './config/env-config';
import { buildApp } from './gateway/build-app';

/** Listens on PORT (default 4000, the seed's JARVIS port) with configuration from the environment. */
async function main(): Promise<void> {
  const { port, host, ...options } = configFromEnv();
  const app = await buildApp(options);
  const shutdown = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  await app.listen({ port, host });
}

main().catch((error: Error) => {
  process.stderr.write(`jarvis failed to start: ${error.message}\n`);
  process.exit(1);
});
