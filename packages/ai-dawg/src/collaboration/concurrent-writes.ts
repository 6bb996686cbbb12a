import * as Y from 'yjs';
import { ROOTS } from './collab-protocol';

type Root = (typeof ROOTS)['clips'] | (typeof ROOTS)['automation'];

export interface ConcurrentWrite {
  root: Root;
  key: string;
  /** Yjs client whose value the incoming write overwrote without having seen it. */
  previousClient: number | null;
  previousValue: unknown;
  incomingValue: unknown;
  /** Id of the incoming update's last item for this key (the one that should end up visible). */
  incomingId: Y.ID;
}

interface MapInternals {
  _map: Map<string, Y.Item>;
}

function locate(doc: Y.Doc, struct: Y.Item): { root: Root; key: string } | undefined {
  let parent: unknown = struct.parent;
  let key = struct.parentSub;
  // Items with a left neighbour are encoded without parent and key: they come from that neighbour.
  for (const neighbour of [struct.origin, struct.rightOrigin]) {
    if ((parent !== null && key !== null) || !neighbour) continue;
    try {
      const item = Y.getItem(doc.store, neighbour) as Y.Item;
      parent = parent ?? item.parent;
      key = key ?? item.parentSub;
    } catch {
      // Not integrated yet: Yjs keeps it pending; it is not a visible write now.
    }
  }
  if (key === null) return undefined;
  for (const root of [ROOTS.clips, ROOTS.automation] as Root[]) {
    if (parent === root || parent === doc.getMap(root)) return { root, key };
  }
  return undefined;
}

/**
 * The map writes in `update` whose author had not seen the key's current value: each item's
 * left origin names the value its author replaced, so an origin other than the current item
 * means two users wrote the key concurrently. Read before the update is applied.
 */
export function findConcurrentWrites(doc: Y.Doc, update: Uint8Array): ConcurrentWrite[] {
  const { structs } = Y.decodeUpdate(update);
  const seen = new Map<string, { current: Y.ID | null; write?: ConcurrentWrite }>();
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    // A resent item (a reconnecting client replays what the server already has) is not a write.
    if (Y.getState(doc.store, struct.id.client) > struct.id.clock) continue;
    const located = locate(doc, struct);
    if (!located) continue;
    const fullKey = `${located.root}/${located.key}`;
    let entry = seen.get(fullKey);
    if (!entry) {
      const item = (doc.getMap(located.root) as unknown as MapInternals)._map.get(located.key);
      entry = { current: item ? item.id : null };
      seen.set(fullKey, entry);
    }
    const origin = struct.origin;
    const sequential = (origin === null && entry.current === null) || (origin !== null && entry.current !== null && Y.compareIDs(origin, entry.current));
    const incomingValue = struct.content.getContent()[0];
    if (!sequential && !entry.write && entry.current !== null) {
      const map = doc.getMap(located.root);
      entry.write = { root: located.root, key: located.key, previousClient: entry.current.client, previousValue: map.get(located.key), incomingValue, incomingId: struct.id };
    } else if (entry.write) {
      entry.write.incomingValue = incomingValue;
      entry.write.incomingId = struct.id;
    }
    entry.current = struct.id;
  }
  return [...seen.values()].flatMap((entry) => (entry.write ? [entry.write] : []));
}
