import { DockerfileParser } from 'dockerfile-ast';

export interface DockerfileFacts {
  stages: number;
  finalUser: string | undefined;
  finalHealthcheck: string | undefined;
  copiesFromBuildStage: boolean;
  exposedPorts: number[];
  command: string | undefined;
  problems: string[];
}

/** COPY's flags (`--from=build`) are parsed apart from its arguments. */
function flagsOf(instruction: unknown): string[] {
  const withFlags = instruction as { getFlags?: () => { getName(): string }[] };
  return withFlags.getFlags?.().map((flag) => flag.getName()) ?? [];
}

/**
 * Parses a Dockerfile (no Docker engine here) and reports what the seed's deployments need:
 * multi-stage, the runtime stage running as a non-root user, a HEALTHCHECK, a CMD.
 */
export function lintDockerfile(content: string): DockerfileFacts {
  const dockerfile = DockerfileParser.parse(content);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const lastFrom = froms[froms.length - 1];
  const finalStage = lastFrom ? instructions.filter((instruction) => instruction.getRange().start.line > lastFrom.getRange().start.line) : [];
  const last = (keyword: string): string | undefined =>
    finalStage
      .filter((instruction) => instruction.getKeyword() === keyword)
      .map((instruction) => instruction.getArgumentsContent() ?? '')
      .pop();
  const facts: DockerfileFacts = {
    stages: froms.length,
    finalUser: last('USER'),
    finalHealthcheck: last('HEALTHCHECK'),
    copiesFromBuildStage: finalStage.some((instruction) => instruction.getKeyword() === 'COPY' && flagsOf(instruction).includes('from')),
    exposedPorts: finalStage
      .filter((instruction) => instruction.getKeyword() === 'EXPOSE')
      .flatMap((instruction) => (instruction.getArgumentsContent() ?? '').split(/\s+/).map((port) => Number.parseInt(port, 10))),
    command: last('CMD'),
    problems: [],
  };
  if (facts.stages < 2) facts.problems.push('not multi-stage (one FROM)');
  if (!facts.copiesFromBuildStage) facts.problems.push('runtime stage copies nothing from a build stage');
  const user = facts.finalUser?.split(':')[0];
  if (!user || user === 'root' || user === '0') facts.problems.push(`runtime stage runs as ${user ?? 'root (no USER)'}`);
  if (!facts.finalHealthcheck || /^NONE\b/i.test(facts.finalHealthcheck)) facts.problems.push('runtime stage has no HEALTHCHECK');
  if (!facts.command) facts.problems.push('runtime stage has no CMD');
  return facts;
}
