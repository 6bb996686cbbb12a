import { startReferenceAiDawg, type ReferenceAiDawgOptions } from './reference-ai-dawg';
import { startReferenceJarvis, type ReferenceJarvisOptions } from './reference-jarvis';
import { recordTarget } from './target-record';
import { deployedUrl } from './target-environment';
import type { SystemName, SystemTarget } from './system-target';
import { urlTarget } from './url-target';

export interface StartTargetOptions {
  jarvis?: ReferenceJarvisOptions;
  aiDawg?: ReferenceAiDawgOptions;
  /** Where JARVIS_URL / AIDAWG_URL and the tokens are read (process.env by default). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The system a black-box suite tests: the deployed one when its URL is set (JARVIS_URL,
 * AIDAWG_URL), else the reference system started here. The choice is recorded so the report
 * names every agent's target.
 */
export async function startTarget(system: SystemName, options: StartTargetOptions = {}): Promise<SystemTarget> {
  const url = deployedUrl(system, options.env);
  const target = url ? urlTarget(system, url, options.env) : system === 'jarvis' ? await startReferenceJarvis(options.jarvis) : await startReferenceAiDawg(options.aiDawg);
  recordTarget(target);
  return target;
}
