/**
 * Orders services so every dependency comes before its dependents (Kahn's algorithm); services
 * in a cycle keep their given order at the end rather than being dropped.
 */
export function dependencyOrder(services: readonly string[], dependencies: Readonly<Record<string, readonly string[]>>): string[] {
  const wanted = new Set(services);
  const remaining = new Map(services.map((service) => [service, (dependencies[service] ?? []).filter((dependency) => wanted.has(dependency))]));
  const ordered: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()].filter(([, deps]) => deps.every((dependency) => !remaining.has(dependency))).map(([service]) => service);
    if (ready.length === 0) {
      ordered.push(...remaining.keys());
      break;
    }
    for (const service of ready) {
      ordered.push(service);
      remaining.delete(service);
    }
  }
  return ordered;
}
