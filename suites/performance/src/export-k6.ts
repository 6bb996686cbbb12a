import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderK6Script } from '@orch/harness';
import { k6Scripts } from './k6-profiles';
import { performanceProfile, type ProfileName } from './profile';

export interface ExportedScript {
  name: string;
  file: string;
  source: string;
}

/** Writes one k6 script per load of the suite into `directory` at the profile's durations. */
export function exportK6Scripts(directory: string, profile: ProfileName): ExportedScript[] {
  fs.mkdirSync(directory, { recursive: true });
  return k6Scripts(performanceProfile(profile)).map((script) => {
    const source = renderK6Script(script);
    const file = path.join(directory, `${script.name}.js`);
    fs.writeFileSync(file, source);
    return { name: script.name, file, source };
  });
}
