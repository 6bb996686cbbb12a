import type { StartedServices } from '../services/start-services';

interface GlobalWithServices {
  __ORCH_SERVICES__?: StartedServices;
}

/** Stops what global setup started: no server process or temp dir outlives the run. */
export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as GlobalWithServices).__ORCH_SERVICES__;
  if (!started) return;
  await started.stop();
  (globalThis as GlobalWithServices).__ORCH_SERVICES__ = undefined;
}
