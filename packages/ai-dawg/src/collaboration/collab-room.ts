import * as Y from 'yjs';
import { readSyncMessage, ROOTS, syncStep1, updateMessage, type CollabNotice } from './collab-protocol';
import type { ConflictStore } from './conflict-store';
import { findConcurrentWrites, type ConcurrentWrite } from './concurrent-writes';
import type { UpdateLog } from './update-log';

export interface RoomPeer {
  userId: string;
  send(data: Uint8Array | string): void;
}

const LOAD = Symbol('load');
const SERVER = Symbol('server');

/**
 * One project's shared Yjs document on the server. Incoming updates are checked for concurrent
 * writes (clips: the later arrival wins and both users are told; automation: a conflict is
 * recorded for the API), applied, appended to the update log and only then broadcast.
 */
export class CollabRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly peers = new Set<RoomPeer>();
  private readonly clientUsers = new Map<number, string>();
  private queue: Promise<void> = Promise.resolve();
  failures = 0;
  lastFailure: unknown;

  private constructor(
    readonly projectId: string,
    private readonly log: UpdateLog,
    private readonly conflicts: ConflictStore,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD) return;
      const author = typeof origin === 'object' && origin !== null && 'userId' in origin ? (origin as RoomPeer) : undefined;
      this.enqueue(async () => {
        await this.log.append(this.projectId, update, author?.userId ?? null);
        const message = updateMessage(update);
        for (const peer of this.peers) if (peer !== author) peer.send(message);
      });
    });
    this.doc.getMap(ROOTS.tracks).observe((event, transaction) => {
      const author = transaction.origin as RoomPeer | undefined;
      if (!author || typeof author !== 'object' || !('userId' in author)) return;
      for (const [trackId, change] of event.changes.keys) {
        if (change.action === 'delete') this.notify(null, { type: 'track-deleted', trackId, by: author.userId, undoAvailable: true }, author);
      }
    });
  }

  /** Rebuilds the document from the persisted log (the source of truth). */
  static async open(projectId: string, log: UpdateLog, conflicts: ConflictStore): Promise<CollabRoom> {
    const room = new CollabRoom(projectId, log, conflicts);
    const { updates } = await log.load(projectId);
    Y.transact(room.doc, () => updates.forEach((update) => Y.applyUpdate(room.doc, update, LOAD)), LOAD);
    return room;
  }

  /** Work on the document runs one message at a time, in arrival order. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task).catch((error: unknown) => {
      this.failures += 1;
      this.lastFailure = error;
      this.notify(null, { type: 'error', error: { code: 'DEPENDENCY_UNAVAILABLE', message: 'an edit could not be saved; it will be resent on reconnect' } });
    });
    this.queue = next;
    return next;
  }

  join(peer: RoomPeer): void {
    this.peers.add(peer);
    peer.send(syncStep1(this.doc));
  }

  leave(peer: RoomPeer): void {
    this.peers.delete(peer);
  }

  handleMessage(peer: RoomPeer, data: Uint8Array): Promise<void> {
    return this.enqueue(async () => {
      const message = readSyncMessage(data, this.doc);
      if (message.kind === 'step1') peer.send(message.reply);
      else if (message.kind === 'update') await this.applyFromPeer(peer, message.update);
    });
  }

  private async applyFromPeer(peer: RoomPeer, update: Uint8Array): Promise<void> {
    const concurrent = findConcurrentWrites(this.doc, update);
    for (const struct of Y.decodeUpdate(update).structs) this.clientUsers.set(struct.id.client, peer.userId);
    Y.applyUpdate(this.doc, update, peer);
    for (const write of concurrent) await this.settle(peer, write);
  }

  /** Last write (by arrival) wins; clip edits notify both users, automation edits become a conflict to resolve. */
  private async settle(peer: RoomPeer, write: ConcurrentWrite): Promise<void> {
    const map = this.doc.getMap(write.root);
    const visible = (map as unknown as { _map: Map<string, Y.Item> })._map.get(write.key);
    if (!visible || !Y.compareIDs(visible.id, write.incomingId)) Y.transact(this.doc, () => map.set(write.key, write.incomingValue), SERVER);
    const previousUser = write.previousClient === null ? null : (this.clientUsers.get(write.previousClient) ?? null);
    const users = [previousUser, peer.userId];
    // Notices are queued behind the winning update's save and broadcast: a notified user already has the final value.
    if (write.root === ROOTS.clips) {
      void this.enqueue(async () => this.notify(users, { type: 'clip-conflict', key: write.key, winner: peer.userId, overwritten: previousUser, value: write.incomingValue }));
      return;
    }
    const conflict = await this.conflicts.record(this.projectId, `${write.root}/${write.key}`, [
      { userId: previousUser, value: write.previousValue },
      { userId: peer.userId, value: write.incomingValue },
    ]);
    void this.enqueue(async () => this.notify(users, { type: 'automation-conflict', conflictId: conflict.id, key: conflict.key, users }));
  }

  /** Applies the chosen candidate of a resolved conflict to the document and tells everyone. */
  applyResolution(conflictId: string, key: string, value: unknown): Promise<void> {
    return this.enqueue(async () => {
      const [root, ...rest] = key.split('/');
      Y.transact(this.doc, () => this.doc.getMap(root).set(rest.join('/'), value), SERVER);
      void this.enqueue(async () => this.notify(null, { type: 'conflict-resolved', conflictId, key, value }));
    });
  }

  /** Replaces the persisted log by one merged update of the current state. */
  compact(): Promise<void> {
    return this.enqueue(async () => {
      const through = await this.log.lastSeq(this.projectId);
      if (through === 0) return;
      await this.log.compact(this.projectId, through, Y.encodeStateAsUpdate(this.doc));
    });
  }

  private notify(users: (string | null)[] | null, notice: CollabNotice, except?: RoomPeer): void {
    const text = JSON.stringify(notice);
    for (const peer of this.peers) {
      if (peer === except) continue;
      if (users === null || users.includes(peer.userId)) peer.send(text);
    }
  }

  destroy(): void {
    this.peers.clear();
    this.doc.destroy();
  }
}
