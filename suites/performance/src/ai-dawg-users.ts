import type { SystemTarget, TargetUser } from '@orch/harness';

/** Registers `count` users through the API, a few at a time (each registration hashes a password). */
export async function registerUsers(target: SystemTarget, count: number, label: string, inFlight = 10): Promise<TargetUser[]> {
  const users: TargetUser[] = [];
  for (let start = 0; start < count; start += inFlight) {
    const batch = Array.from({ length: Math.min(inFlight, count - start) }, (_, index) => target.createUser(`${label}-${start + index}`));
    users.push(...(await Promise.all(batch)));
  }
  return users;
}

export function jsonHeaders(user: TargetUser): Record<string, string> {
  return { 'content-type': 'application/json', authorization: `Bearer ${user.token}` };
}
