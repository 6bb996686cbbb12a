import { expectMetric, SimulatedClock, waitUntil } from '@orch/harness';
import { CollabClient, type CollabNotice, type Project } from '@orch/ai-dawg';
import * as Y from 'yjs';
import { settledHeapMb } from './support/heap';
import { startStudioBackend, type StudioBackend, type StudioUser } from './support/studio-backend';

const FULL = process.env.ORCH_PROFILE === 'full';

describe('real-time collaboration (Yjs over WebSocket, update log in Postgres)', () => {
  const clock = new SimulatedClock(Date.now());
  let backend: StudioBackend;
  let alice: StudioUser;
  let bob: StudioUser;
  const clients: CollabClient[] = [];

  beforeAll(async () => {
    backend = await startStudioBackend('collab', { clock, collabCompactEveryMs: 10 * 60_000 });
    alice = await backend.register('alice');
    bob = await backend.register('bob');
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close().catch(() => undefined)));
  });
  afterAll(() => backend?.close());

  async function sharedProject(name: string): Promise<Project> {
    const project = await backend.createProject(alice, name);
    const added = await backend.call('POST', `/api/projects/${project.id}/collaborators`, alice.token, { userId: bob.id });
    expect(added.statusCode).toBe(204);
    return project;
  }

  async function join(project: Project, user: StudioUser): Promise<CollabClient> {
    const client = new CollabClient(`${backend.wsUrl}/ws/collab/${project.id}?token=${user.token}`);
    clients.push(client);
    await client.connect();
    return client;
  }

  /** JSON with sorted keys: two replicas of a map can hold the same entries in a different order. */
  const canonical = (value: unknown): string =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? `{${Object.keys(value)
          .sort()
          .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
          .join(',')}}`
      : Array.isArray(value)
        ? `[${value.map(canonical).join(',')}]`
        : JSON.stringify(value);
  const converged =
    (...docs: CollabClient[]) =>
    async () =>
      docs.every((client) => canonical(client.doc.toJSON()) === canonical(docs[0]!.doc.toJSON()));
  const waitFor = (probe: () => Promise<boolean> | boolean, what: string) => waitUntil(async () => probe(), { timeoutMs: 10_000, intervalMs: 5, what });

  /** The document as the server's update log rebuilds it (the source of truth). */
  async function persisted(projectId: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const { rows } = await backend.pool.query<{ update: Buffer }>('SELECT update FROM collab_updates WHERE project_id = $1 ORDER BY seq', [projectId]);
    for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.update));
    return doc;
  }

  test('[EDGE-06] two users editing one clip at once: the last write wins everywhere and both are notified', async () => {
    const project = await sharedProject('same clip');
    const a = await join(project, alice);
    const b = await join(project, bob);
    a.edit((client) => client.clips.set('clip-1', { track: 'trk-1', start: 0, gain: 0 }));
    await waitFor(() => b.clips.has('clip-1'), 'clip-1 reaches bob');
    // Both edit before either hears of the other's edit.
    a.edit((client) => client.clips.set('clip-1', { track: 'trk-1', start: 0, gain: -3, by: 'alice' }));
    b.edit((client) => client.clips.set('clip-1', { track: 'trk-1', start: 0, gain: 2, by: 'bob' }));
    const conflictOf = (client: CollabClient) => client.notices.find((notice): notice is Extract<CollabNotice, { type: 'clip-conflict' }> => notice.type === 'clip-conflict');
    await waitFor(() => Boolean(conflictOf(a) && conflictOf(b)), 'both users notified');
    await waitFor(converged(a, b), 'clients converge');
    const notice = conflictOf(a)!;
    expect(conflictOf(b)).toEqual(notice);
    expect([notice.winner, notice.overwritten].sort()).toEqual([alice.id, bob.id].sort());
    const winnerValue = notice.winner === alice.id ? -3 : 2;
    expect((a.clips.get('clip-1') as { gain: number }).gain).toBe(winnerValue);
    const saved = await persisted(project.id);
    expect((saved.getMap('clips').get('clip-1') as { gain: number }).gain).toBe(winnerValue);
  });

  test("[EDGE-07] a track deleted while another user edits it comes back with undo, with the other user's edit", async () => {
    const project = await sharedProject('delete vs edit');
    const a = await join(project, alice);
    const b = await join(project, bob);
    a.edit((client) => {
      client.tracks.set('trk-vox', { name: 'Lead Vox', output: 'master' });
      client.clips.set('clip-vox', { track: 'trk-vox', start: 48_000, gain: 0 });
    });
    await waitFor(() => b.tracks.has('trk-vox') && b.clips.has('clip-vox'), 'track reaches bob');
    a.edit((client) => client.tracks.delete('trk-vox'));
    b.edit((client) => client.clips.set('clip-vox', { track: 'trk-vox', start: 48_000, gain: -6 }));
    await waitFor(
      () => b.notices.some((notice) => notice.type === 'track-deleted' && notice.trackId === 'trk-vox' && notice.by === alice.id && notice.undoAvailable),
      'bob told the track was deleted, undo available',
    );
    await waitFor(() => !b.tracks.has('trk-vox') && (a.clips.get('clip-vox') as { gain: number } | undefined)?.gain === -6, 'delete and edit both applied');
    expect(a.undo.canUndo()).toBe(true);
    a.undo.undo();
    await waitFor(() => b.tracks.has('trk-vox'), 'undo restores the track for bob');
    await waitFor(converged(a, b), 'clients converge');
    const saved = await persisted(project.id);
    expect(saved.getMap('tracks').get('trk-vox')).toEqual({ name: 'Lead Vox', output: 'master' });
    expect(saved.getMap('clips').get('clip-vox')).toEqual({ track: 'trk-vox', start: 48_000, gain: -6 });
  });

  test('[EDGE-08] edits made while the network is down are queued and merge on reconnect without duplication', async () => {
    const project = await sharedProject('offline');
    const a = await join(project, alice);
    const b = await join(project, bob);
    b.dropConnection();
    await waitFor(() => !b.online, 'bob offline');
    for (let i = 0; i < 20; i++)
      b.edit((client) => {
        client.doc.getArray('markers').push([{ at: i * 1_000, by: 'bob' }]);
        client.clips.set(`bob-${i}`, { track: 'trk-1', start: i * 1_000 });
      });
    expect(b.queuedOffline).toBe(20);
    for (let i = 0; i < 5; i++) a.edit((client) => client.doc.getArray('markers').push([{ at: i, by: 'alice' }]));
    await b.connect();
    expect(b.queuedOffline).toBe(0);
    await waitFor(() => a.doc.getArray('markers').length === 25 && b.doc.getArray('markers').length === 25, 'both see 25 markers');
    // A second drop and reconnect resends nothing twice.
    b.dropConnection();
    await b.connect();
    await waitFor(converged(a, b), 'clients converge');
    const saved = await persisted(project.id);
    const markers = saved.getArray<{ at: number; by: string }>('markers').toArray();
    const unique = new Set(markers.map((marker) => `${marker.by}:${marker.at}`));
    expect(saved.getMap('clips').size).toBe(20);
    expectMetric({
      name: 'duplicated edits after reconnect',
      unit: 'count',
      value: markers.length - unique.size + Math.abs(markers.length - 25),
      threshold: 'count==0',
      details: { markers: markers.length },
    });
  });

  test('[EDGE-09] conflicting automation (fade in vs fade out) is recorded as a conflict the API lists and resolves', async () => {
    const project = await sharedProject('automation');
    const a = await join(project, alice);
    const b = await join(project, bob);
    a.edit((client) => client.automation.set('trk-1/volume', { kind: 'flat', points: [[0, 1]] }));
    await waitFor(() => b.automation.has('trk-1/volume'), 'lane reaches bob');
    a.edit((client) =>
      client.automation.set('trk-1/volume', {
        kind: 'fade-in',
        points: [
          [0, 0],
          [2, 1],
        ],
      }),
    );
    b.edit((client) =>
      client.automation.set('trk-1/volume', {
        kind: 'fade-out',
        points: [
          [0, 1],
          [2, 0],
        ],
      }),
    );
    await waitFor(() => [a, b].every((client) => client.notices.some((notice) => notice.type === 'automation-conflict')), 'both told of the conflict');
    const listed = await backend.call('GET', `/api/projects/${project.id}/conflicts?status=open`, bob.token);
    const conflicts = listed.json<{ conflicts: { id: string; key: string; candidates: { userId: string; value: { kind: string } }[] }[] }>().conflicts;
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.key).toBe('automation/trk-1/volume');
    expect(conflicts[0]!.candidates.map((candidate) => candidate.value.kind).sort()).toEqual(['fade-in', 'fade-out']);
    const choice = conflicts[0]!.candidates.findIndex((candidate) => candidate.value.kind === 'fade-in');
    const resolved = await backend.call('POST', `/api/projects/${project.id}/conflicts/${conflicts[0]!.id}/resolve`, alice.token, { choice });
    expect(resolved.statusCode).toBe(200);
    await waitFor(() => [a, b].every((client) => (client.automation.get('trk-1/volume') as { kind: string }).kind === 'fade-in'), 'resolution reaches both');
    expect(b.notices.some((notice) => notice.type === 'conflict-resolved')).toBe(true);
    expect((await backend.call('GET', `/api/projects/${project.id}/conflicts?status=open`, bob.token)).json<{ conflicts: unknown[] }>().conflicts).toEqual([]);
    const again = await backend.call('POST', `/api/projects/${project.id}/conflicts/${conflicts[0]!.id}/resolve`, bob.token, { choice: 0 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'CONFLICT_RESOLVED', message: 'conflict is already resolved' } });
  });

  test('[EDGE-52] a user who is not a collaborator is refused at the socket (4403) and at the conflict list (403)', async () => {
    // Runs before the simulated 4 hours, while the tokens are fresh on the simulated clock.
    const project = await backend.createProject(alice, 'private');
    const mallory = await backend.register('mallory');
    const client = new CollabClient(`${backend.wsUrl}/ws/collab/${project.id}?token=${mallory.token}`);
    clients.push(client);
    await expect(client.connect()).rejects.toThrow(/4403 FORBIDDEN/);
    expect((await backend.call('GET', `/api/projects/${project.id}/conflicts`, mallory.token)).statusCode).toBe(403);
  });

  test(
    '[EDGE-11] a 4-hour session (simulated) of two users editing shows no memory growth and a bounded update log',
    async () => {
      const project = await sharedProject('long session');
      const a = await join(project, alice);
      const b = await join(project, bob);
      const editEveryMs = FULL ? 1_000 : 30_000;
      const hourMs = 3_600_000;
      const heap: number[] = [];
      const rows: number[] = [];
      let edit = 0;
      for (let elapsed = 0; elapsed < 4 * hourMs;) {
        // Ten simulated minutes of edits, then wait for both clients to agree (real time).
        for (let step = 0; step < (10 * 60_000) / editEveryMs; step++, edit++) {
          const client = edit % 2 === 0 ? a : b;
          client.edit((doc) => {
            doc.clips.set(`clip-${edit % 50}`, { track: `trk-${edit % 8}`, start: edit * 480, gain: (edit % 13) - 6 });
            doc.automation.set(`trk-${edit % 8}/volume-${edit % 2}`, {
              points: [
                [0, edit % 7],
                [1, 1],
              ],
            });
          });
          await clock.advance(editEveryMs);
        }
        elapsed += 10 * 60_000;
        await waitFor(converged(a, b), 'clients converge');
        if (elapsed % hourMs === 0) {
          await clock.advance(1);
          heap.push(settledHeapMb());
          rows.push(Number((await backend.pool.query<{ n: string }>('SELECT count(*) AS n FROM collab_updates WHERE project_id = $1', [project.id])).rows[0]!.n));
        }
      }
      const growth = heap[3]! - heap[0]!;
      expect(Math.max(...rows)).toBeLessThanOrEqual(((10 * 60_000) / editEveryMs) * 3 + 2);
      expectMetric({
        name: 'heap growth from hour 1 to hour 4',
        unit: 'MB',
        value: growth,
        threshold: 'value<5',
        target: 'Memory should not leak',
        details: { heapMbPerHour: heap, logRowsPerHour: rows, edits: edit, simulatedHours: 4, profile: FULL ? 'full' : 'ci' },
      });
    },
    FULL ? 900_000 : 120_000,
  );
});
