import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { readSyncMessage, ROOTS, syncStep1, updateMessage, type CollabNotice } from './collab-protocol';

const REMOTE = Symbol('remote');
const LOCAL = Symbol('local');

/**
 * A DAW client's side of collaboration: a local Yjs document synced over the project WebSocket.
 * Edits made while offline stay in the document (counted in `queuedOffline`); on reconnect the
 * y-protocols handshake sends exactly what the server lacks, so nothing is duplicated. Local
 * edits to tracks and clips can be undone (a deleted track comes back).
 */
export class CollabClient extends EventEmitter {
  readonly doc = new Y.Doc();
  readonly undo: Y.UndoManager;
  readonly notices: CollabNotice[] = [];
  queuedOffline = 0;
  private socket: WebSocket | undefined;
  private synced = false;

  constructor(private readonly url: string) {
    super();
    this.undo = new Y.UndoManager([this.tracks, this.clips, this.automation], { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (this.socket?.readyState === WebSocket.OPEN && this.synced) this.socket.send(updateMessage(update));
      else this.queuedOffline += 1;
    });
  }

  get tracks(): Y.Map<unknown> {
    return this.doc.getMap(ROOTS.tracks);
  }

  get clips(): Y.Map<unknown> {
    return this.doc.getMap(ROOTS.clips);
  }

  get automation(): Y.Map<unknown> {
    return this.doc.getMap(ROOTS.automation);
  }

  get online(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket and resolves once both sides have exchanged what the other lacks. */
  connect(): Promise<void> {
    this.synced = false;
    const socket = new WebSocket(this.url);
    this.socket = socket;
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.once('close', (code, reason) => reject(new Error(`collaboration socket closed (${code} ${reason.toString()})`)));
      socket.on('open', () => socket.send(syncStep1(this.doc)));
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) {
          const notice = JSON.parse(data.toString('utf8')) as CollabNotice;
          this.notices.push(notice);
          this.emit('notice', notice);
          return;
        }
        const message = readSyncMessage(new Uint8Array(data), this.doc);
        if (message.kind === 'step1') {
          // The server's step 1 asks for what it lacks: the offline queue goes out here, once.
          socket.send(message.reply);
          this.queuedOffline = 0;
          if (!this.synced) {
            this.synced = true;
            resolve();
          }
        } else if (message.kind === 'update') Y.applyUpdate(this.doc, message.update, REMOTE);
      });
    });
  }

  /** Drops the connection as a network failure would (no goodbye). */
  dropConnection(): void {
    this.socket?.terminate();
    this.synced = false;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.close();
      await closed;
    }
    this.undo.destroy();
    this.doc.destroy();
  }

  /** Runs local edits as one undoable step. */
  edit(change: (client: CollabClient) => void): void {
    this.doc.transact(() => change(this), LOCAL);
  }
}
