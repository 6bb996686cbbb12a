/**
 * Live mode runs when a platform's credentials are in the environment; otherwise the live
 * checks are reported "not run: no credentials" (never passed).
 */
export function liveSkipReason(platform: 'aws' | 'gcp' | 'kubernetes', env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (platform === 'aws') {
    if (!(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE)) return 'no credentials: AWS_ACCESS_KEY_ID / AWS_PROFILE not set';
    if (!env.ECS_CLUSTER || !env.ECS_SUBNETS) return 'AWS credentials present but ECS_CLUSTER / ECS_SUBNETS (comma-separated) not set';
    return undefined;
  }
  if (platform === 'gcp') {
    if (!env.GOOGLE_APPLICATION_CREDENTIALS) return 'no credentials: GOOGLE_APPLICATION_CREDENTIALS not set';
    if (!env.GOOGLE_CLOUD_PROJECT) return 'GCP credentials present but GOOGLE_CLOUD_PROJECT not set';
    return undefined;
  }
  return env.KUBECONFIG ? undefined : 'no credentials: KUBECONFIG not set';
}
