import type { ProcessSpec } from '../recovery/process-supervisor';

/** One service JARVIS watches (and, through the gateway, fronts). */
export interface MonitoredService {
  name: string;
  /** GET endpoint answering the service's health JSON (see health-payload.ts). */
  healthUrl: string;
  /** Where `/api/dawg/<name>/*` is proxied to; defaults to the origin of `healthUrl`. */
  baseUrl?: string;
  /** Other paths to the same service (another network, another port) used to tell a partition from an outage. */
  altHealthUrls?: string[];
  /** A local process JARVIS may start and restart (the ProcessSupervisor adapter). */
  process?: ProcessSpec;
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function validateServices(services: MonitoredService[]): void {
  const seen = new Set<string>();
  for (const service of services) {
    if (!NAME_PATTERN.test(service.name)) throw new TypeError(`service name "${service.name}" must match ${NAME_PATTERN}`);
    if (seen.has(service.name)) throw new TypeError(`service "${service.name}" is listed twice`);
    seen.add(service.name);
    for (const url of [service.healthUrl, ...(service.altHealthUrls ?? []), ...(service.baseUrl ? [service.baseUrl] : [])]) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(`service "${service.name}": ${parsed.protocol} URLs are not supported`);
    }
  }
}

export function baseUrlOf(service: MonitoredService): string {
  return (service.baseUrl ?? new URL(service.healthUrl).origin).replace(/\/+$/, '');
}
