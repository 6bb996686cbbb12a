import type { Pool } from 'pg';
import type { Clock, TimerHandle } from '../shared/clock';
import { CollabRoom, type RoomPeer } from './collab-room';
import { ConflictStore } from './conflict-store';
import { UpdateLog } from './update-log';

export interface CollabHubOptions {
  /** How often open rooms fold their update log into one row (clock-driven, so tests simulate hours). */
  compactEveryMs?: number;
}

/** The open rooms of one backend: a room lives while it has peers and is rebuilt from the log on demand. */
export class CollabHub {
  readonly log: UpdateLog;
  readonly conflicts: ConflictStore;
  private readonly rooms = new Map<string, Promise<CollabRoom>>();
  private readonly timer: TimerHandle;

  constructor(pool: Pool, clock: Clock, options: CollabHubOptions = {}) {
    this.log = new UpdateLog(pool, clock);
    this.conflicts = new ConflictStore(pool, clock);
    this.timer = clock.setInterval(() => void this.compactAll(), options.compactEveryMs ?? 10 * 60_000);
  }

  room(projectId: string): Promise<CollabRoom> {
    let room = this.rooms.get(projectId);
    if (!room) {
      room = CollabRoom.open(projectId, this.log, this.conflicts);
      this.rooms.set(projectId, room);
      room.catch(() => this.rooms.delete(projectId));
    }
    return room;
  }

  async join(projectId: string, peer: RoomPeer): Promise<CollabRoom> {
    const room = await this.room(projectId);
    room.join(peer);
    return room;
  }

  /** The last peer leaving closes the room (its state is in the log); memory does not grow with projects visited. */
  async leave(projectId: string, peer?: RoomPeer): Promise<void> {
    const pending = this.rooms.get(projectId);
    if (!pending) return;
    const room = await pending;
    if (peer) room.leave(peer);
    if (room.peers.size === 0) {
      await room.enqueue(async () => undefined);
      if (room.peers.size === 0 && this.rooms.get(projectId) === pending) {
        this.rooms.delete(projectId);
        room.destroy();
      }
    }
  }

  get openRooms(): number {
    return this.rooms.size;
  }

  async compactAll(): Promise<void> {
    for (const pending of this.rooms.values()) await (await pending).compact().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.timer.cancel();
    for (const pending of this.rooms.values()) (await pending.catch(() => undefined))?.destroy();
    this.rooms.clear();
  }
}
