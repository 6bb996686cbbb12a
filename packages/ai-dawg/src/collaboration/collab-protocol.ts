import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/** y-protocols framing: a varuint message type, then the sync sub-message. Only sync is used. */
export const MESSAGE_SYNC = 0;

/** Root maps of a project's shared document. */
export const ROOTS = { tracks: 'tracks', clips: 'clips', automation: 'automation' } as const;

export function syncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

export type SyncMessage = { kind: 'step1'; reply: Uint8Array } | { kind: 'update'; update: Uint8Array } | { kind: 'ignored' };

/** Reads one sync message; a step 1 is answered with the diff the peer lacks (step 2). */
export function readSyncMessage(data: Uint8Array, doc: Y.Doc): SyncMessage {
  const decoder = decoding.createDecoder(data);
  if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return { kind: 'ignored' };
  const type = decoding.readVarUint(decoder);
  if (type === syncProtocol.messageYjsSyncStep1) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.readSyncStep1(decoder, encoder, doc);
    return { kind: 'step1', reply: encoding.toUint8Array(encoder) };
  }
  if (type === syncProtocol.messageYjsSyncStep2 || type === syncProtocol.messageYjsUpdate) return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
  return { kind: 'ignored' };
}

/** JSON notices the server sends next to the binary sync stream. */
export type CollabNotice =
  | { type: 'clip-conflict'; key: string; winner: string; overwritten: string | null; value: unknown }
  | { type: 'automation-conflict'; conflictId: string; key: string; users: (string | null)[] }
  | { type: 'conflict-resolved'; conflictId: string; key: string; value: unknown }
  | { type: 'track-deleted'; trackId: string; by: string; undoAvailable: true }
  | { type: 'error'; error: { code: string; message: string } };
