import { testNotRun, testUnless, waitUntil } from '@orch/harness';
import { vocalCoachVersion } from '../src/local-cloud/reference-services';
import { CloudRunPlatform } from '../src/platforms/cloud-run-platform';
import { EcsPlatform } from '../src/platforms/ecs-platform';
import { KubernetesPlatform } from '../src/platforms/kubernetes-platform';
import { liveSkipReason } from '../src/platforms/live-credentials';
import { LocalPlatform } from '../src/platforms/local-platform';
import type { DeploymentStatus, PlatformAdapter } from '../src/platforms/platform-adapter';

const LIVE_TIMEOUT_MS = 15 * 60_000;

/** The check every platform runs: deploy, wait until `replicas` are running, scale, and read it back. */
async function deployAndScale(platform: PlatformAdapter, version: string, replicas: number, scaleTo: number, pollMs: number): Promise<DeploymentStatus[]> {
  const running = (count: number) => async (): Promise<DeploymentStatus | undefined> => {
    const status = await platform.status();
    return status.running === count ? status : undefined;
  };
  await platform.deploy(version, replicas);
  const deployed = await waitUntil(running(replicas), { timeoutMs: LIVE_TIMEOUT_MS, intervalMs: pollMs, what: `${platform.platform} deployment` });
  await platform.scale(scaleTo);
  const scaled = await waitUntil(running(scaleTo), { timeoutMs: LIVE_TIMEOUT_MS, intervalMs: pollMs, what: `${platform.platform} scaled` });
  return [deployed, scaled];
}

/** Live checks need an image to deploy as well as credentials. */
function liveReason(platform: 'aws' | 'gcp' | 'kubernetes', imageVariable: string): string | undefined {
  return liveSkipReason(platform) ?? (process.env[imageVariable] ? undefined : `${imageVariable} (image repository to deploy) not set`);
}

const imageTag = process.env.LIVE_IMAGE_TAG ?? 'latest';

describe('platform adapters: the local platform always, AWS / GCP / Kubernetes in live mode', () => {
  test('the local platform passes the same deploy-and-scale check the live adapters run', async () => {
    const platform = new LocalPlatform('adapter-check', vocalCoachVersion);
    try {
      const [deployed, scaled] = await deployAndScale(platform, 'v1', 1, 2, 50);
      expect(deployed).toMatchObject({ desired: 1, running: 1, versions: ['v1'] });
      expect(scaled).toMatchObject({ desired: 2, running: 2, versions: ['v1'] });
    } finally {
      await platform.remove();
    }
  }, 60_000);

  testUnless(
    liveReason('aws', 'JARVIS_IMAGE'),
    '[CLOUD-01] live: JARVIS deploys to ECS Fargate from deploy/ecs and runs 2 then 3 tasks',
    async () => {
      const platform = new EcsPlatform(process.env.JARVIS_IMAGE ?? '');
      try {
        const [deployed, scaled] = await deployAndScale(platform, imageTag, 2, 3, 10_000);
        expect(deployed.running).toBe(2);
        expect(scaled.running).toBe(3);
      } finally {
        await platform.remove();
      }
    },
    2 * LIVE_TIMEOUT_MS,
  );

  testUnless(
    liveReason('gcp', 'JARVIS_IMAGE'),
    '[CLOUD-06] live: JARVIS deploys to Cloud Run from deploy/cloud-run and becomes Ready',
    async () => {
      const platform = new CloudRunPlatform(process.env.JARVIS_IMAGE ?? '');
      try {
        const [deployed] = await deployAndScale(platform, imageTag, 1, 2, 5_000);
        expect(deployed.url).toMatch(/^https:\/\//);
      } finally {
        await platform.remove();
      }
    },
    2 * LIVE_TIMEOUT_MS,
  );

  testUnless(
    liveReason('kubernetes', 'AIDAWG_IMAGE'),
    '[CLOUD-11] live: AI DAWG producer (8001), vocal coach (8000) and brain (8003) deploy from deploy/kubernetes with 3 ready replicas each',
    async () => {
      const platforms = ['producer', 'vocal-coach', 'brain'].map((service) => new KubernetesPlatform(`kubernetes/ai-dawg/${service}.yaml`));
      try {
        for (const platform of platforms) {
          const [deployed] = await deployAndScale(platform, imageTag, 3, 3, 5_000);
          expect(deployed.running).toBe(3);
        }
      } finally {
        for (const platform of platforms) await platform.remove();
      }
    },
    3 * LIVE_TIMEOUT_MS,
  );

  testNotRun(
    '[CLOUD-16] create a db.t3.micro RDS instance',
    'creating an RDS instance is live-only and billed, and live mode does not provision databases (no AWS credentials here either); run locally instead on real Postgres: connect time, pool of 20, SQLite migration and streaming-replica failover (CLOUD-17..20)',
  );
  testNotRun(
    '[CLOUD-21] create a cache.t3.micro ElastiCache cluster',
    'creating an ElastiCache cluster is live-only and billed, and live mode does not provision caches (no AWS credentials here either); run locally instead on real Redis: sliding session TTL, invalidation and Sentinel failover (CLOUD-22..24)',
  );
});
