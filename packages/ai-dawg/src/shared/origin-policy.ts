/**
 * Whether a browser's `Origin` may open a WebSocket here. A page on a foreign site must not ride a
 * user's session into our sockets, so only listed origins and this same host are let in; `anyPort`
 * lets pages of the same host on another port in (the vocal coach serves the studio page that the
 * backend, on another port, delivers). Clients that send no Origin are not browsers and are not
 * judged here.
 */
export function originAllowed(origin: string, host: string | undefined, allowed: readonly string[], anyPort = false): boolean {
  if (allowed.includes(origin)) return true;
  if (!host) return false;
  try {
    const from = new URL(origin);
    if (!anyPort) return from.host === host;
    return from.hostname === new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
}
