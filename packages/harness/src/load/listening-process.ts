import * as fs from 'node:fs';

/** Socket inodes of TCP sockets listening on `port` (IPv4 and IPv6), from /proc/net. */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = parseInt(fields[1]!.split(':')[1]!, 16);
      // State 0A is LISTEN.
      if (localPort === port && fields[3] === '0A') inodes.add(fields[9]!);
    }
  }
  return inodes;
}

/**
 * The pid of the local process listening on `port`, so a load test can sample the server it
 * drives (RSS, CPU) even when another module started it. Undefined when it is not on this machine
 * or /proc cannot tell.
 */
export function listeningProcessId(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let descriptors: string[];
    try {
      descriptors = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const descriptor of descriptors) {
      try {
        const link = fs.readlinkSync(`/proc/${entry}/fd/${descriptor}`);
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return undefined;
}

/** The server process behind a local URL (`http://127.0.0.1:PORT`), if it runs here. */
export function serverProcessId(url: string): number | undefined {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' || parsed.protocol === 'wss:' ? 443 : 80));
  return listeningProcessId(port);
}
