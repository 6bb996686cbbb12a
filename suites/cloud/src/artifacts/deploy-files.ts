import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repositoryRoot } from '@orch/harness';

/** Absolute path of a file under deploy/. */
export function deployPath(relative: string): string {
  return path.join(repositoryRoot(), 'deploy', relative);
}

export function readDeployJson<T>(relative: string): T {
  return JSON.parse(fs.readFileSync(deployPath(relative), 'utf8')) as T;
}

/** Every document of a multi-document YAML file, as plain objects; a YAML error throws. */
export function readDeployYaml(relative: string): Record<string, unknown>[] {
  const documents = parseAllDocuments(fs.readFileSync(deployPath(relative), 'utf8'));
  return documents.map((document) => {
    if (document.errors.length > 0) throw new Error(`${relative}: ${document.errors.map((error) => error.message).join('; ')}`);
    return document.toJS() as Record<string, unknown>;
  });
}

export function listDeployFiles(directory: string, extension: string): string[] {
  return fs
    .readdirSync(deployPath(directory))
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => path.join(directory, name));
}
