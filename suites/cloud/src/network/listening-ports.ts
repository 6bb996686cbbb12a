import * as fs from 'node:fs';

export interface ListeningSocket {
  address: string;
  port: number;
}

function decodeAddress(hex: string): string {
  if (hex.length === 8) return [3, 2, 1, 0].map((index) => Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16)).join('.');
  return hex === '00000000000000000000000000000000' ? '::' : `ipv6:${hex}`;
}

/** Socket inodes a process holds open, from /proc/<pid>/fd. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // An fd closed between readdir and readlink.
    }
  }
  return inodes;
}

/**
 * The TCP sockets a process listens on (state 0A in /proc/net/tcp{,6}), read from the kernel:
 * what a port scan of the host would find answering for that process.
 */
export function listeningSockets(pid: number): ListeningSocket[] {
  const inodes = socketInodes(pid);
  const sockets: ListeningSocket[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue;
      const [address, port] = fields[1].split(':');
      sockets.push({ address: decodeAddress(address), port: Number.parseInt(port, 16) });
    }
  }
  return sockets;
}
