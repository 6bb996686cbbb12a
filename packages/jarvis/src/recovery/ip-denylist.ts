import { isIP } from 'node:net';

/** Client addresses the gateway refuses (403 IP_BLOCKED), filled by recovery or an admin. */
export class IpDenylist {
  private readonly blocked = new Map<string, { reason: string; at: number }>();

  block(ip: string, reason: string, at: number): void {
    if (isIP(ip) === 0) throw new TypeError(`"${ip}" is not an IP address`);
    this.blocked.set(normalise(ip), { reason, at });
  }

  unblock(ip: string): boolean {
    return this.blocked.delete(normalise(ip));
  }

  has(ip: string): boolean {
    return this.blocked.size > 0 && this.blocked.has(normalise(ip));
  }

  list(): Array<{ ip: string; reason: string; at: number }> {
    return [...this.blocked].map(([ip, entry]) => ({ ip, ...entry }));
  }
}

function normalise(ip: string): string {
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}
