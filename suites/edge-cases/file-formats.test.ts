import * as fs from 'node:fs';
import * as path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { expectMetric } from '@orch/harness';
import { AudioFormatError, importAaf, importMp3, readWav, rmsOf, scanMp3, sineClip, StemExportQueue, writeAaf, writeWav, type AafComposition } from '@orch/ai-dawg';
import * as CFB from 'cfb';
import { startStudioBackend, type StudioBackend, type StudioUser } from './support/studio-backend';

const MP3 = fs.readFileSync(path.join(__dirname, 'fixtures', 'sine-440hz-2s-128kbps.mp3'));
const RATE = 48_000;

/** A Pro Tools-style session: three tracks, clips with gaps, fades, clip gain and a volume ride. */
const SESSION: AafComposition = {
  name: 'Song Mix v3',
  tracks: [
    {
      slotId: 1,
      name: 'Lead Vox',
      editRate: RATE,
      clips: [
        { position: 48_000, length: 96_000, sourceStart: 0, sourceName: 'Vox_take3', fadeIn: 2_400, gain: 0.5 },
        { position: 192_000, length: 48_000, sourceStart: 96_000, sourceName: 'Vox_take5', fadeOut: 4_800 },
      ],
      automation: {
        parameter: 'volume',
        points: [
          { time: 0, value: 1 },
          { time: 2.5, value: 0.25 },
          { time: 5, value: 0.75 },
        ],
      },
    },
    { slotId: 2, name: 'Bass DI', editRate: RATE, clips: [{ position: 0, length: 240_000, sourceStart: 0, sourceName: 'Bass' }] },
    {
      slotId: 3,
      name: '鼓 Drums',
      editRate: RATE,
      clips: [
        { position: 24_000, length: 24_000, sourceStart: 0, sourceName: 'Kick', gain: 1.25 },
        { position: 96_000, length: 24_000, sourceStart: 0, sourceName: 'Kick' },
      ],
    },
  ],
};

describe('file formats', () => {
  let backend: StudioBackend;
  let owner: StudioUser;
  beforeAll(async () => {
    backend = await startStudioBackend('formats');
    owner = await backend.register('formats');
  });
  afterAll(() => backend?.close());

  test('[EDGE-18] an AAF session (compound file built with cfb) imports with its track layout, clips, fades, clip gain and automation', () => {
    const bytes = writeAaf(SESSION);
    expect(CFB.read(bytes, { type: 'buffer' }).FullPaths.some((entry) => entry.endsWith('Header-2/'))).toBe(true);
    const imported = importAaf(bytes);
    expect(imported.name).toBe('Song Mix v3');
    expect(imported.tracks.map((track) => [track.slotId, track.name, track.clips.length])).toEqual([
      [1, 'Lead Vox', 2],
      [2, 'Bass DI', 1],
      [3, '鼓 Drums', 2],
    ]);
    expect(imported.tracks[0]!.clips).toEqual(SESSION.tracks[0]!.clips);
    expect(imported.tracks[2]!.clips).toEqual(SESSION.tracks[2]!.clips);
    expect(imported.tracks[0]!.automation).toEqual(SESSION.tracks[0]!.automation);
    expect(imported.tracks[1]!.automation).toBeUndefined();
  });

  test('[EDGE-19] stems exported as WAV read back as 24-bit / 48 kHz, from a session created with the default template settings', async () => {
    const project = await backend.createProject(owner, 'Stem export');
    const created = await backend.call('POST', `/api/projects/${project.id}/sessions`, owner.token, { template: 'band-tracking' });
    expect(created.statusCode).toBe(201);
    const session = created.json<{ session: { sampleRate: number; bitDepth: number; tracks: { name: string }[] } }>().session;
    const queue = new StemExportQueue(
      async (name, bytes) => {
        await backend.bucket.client.send(
          new (await import('@aws-sdk/client-s3')).PutObjectCommand({ Bucket: backend.bucket.name, Key: `projects/${project.id}/stems/${name}`, Body: bytes }),
        );
      },
      4,
      session.bitDepth === 24 ? '24' : '16',
    );
    await queue.exportAll(session.tracks.map((track, index) => ({ name: track.name, clip: sineClip(110 * (index + 1), 0.5, session.sampleRate) })));
    const object = await backend.bucket.client.send(new GetObjectCommand({ Bucket: backend.bucket.name, Key: `projects/${project.id}/stems/Kick.wav` }));
    const stem = readWav(await object.Body!.transformToByteArray());
    expectMetric({ name: 'exported stem bit depth', unit: 'bit', value: stem.bitDepth, threshold: 'value==24', target: 'Verify bit depth and sample rate' });
    expectMetric({ name: 'exported stem sample rate', unit: 'Hz', value: stem.sampleRate, threshold: 'value==48000', target: 'Verify bit depth and sample rate' });
    expect(stem.float).toBe(false);
    expect(stem.frames).toBe(RATE / 2);
  });

  test('[EDGE-20] a corrupted MP3 is refused with an error naming the bad frames, then imported by skipping them or repairing them with silence', async () => {
    const clean = await importMp3(MP3);
    const damaged = Buffer.from(MP3);
    const at = scanMp3(MP3).frames[40]!.offset;
    damaged.fill(0, at, at + 500);
    const error = await importMp3(damaged).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AudioFormatError);
    expect((error as AudioFormatError).message).toContain('frames 40-41 (bytes 15360-16127) are damaged');
    expect((error as AudioFormatError).details.choices).toEqual(['skip', 'repair']);
    // Through the API: 422 naming the frames, then the user's choice stores the repaired audio.
    const upload = (query: string) =>
      backend.app.inject({
        method: 'POST',
        url: `/api/projects/${project.id}/imports/mp3?${query}`,
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/octet-stream' },
        payload: damaged,
      });
    const project = await backend.createProject(owner, 'mp3 import');
    const refused = await upload('name=take.mp3');
    expect(refused.statusCode).toBe(422);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toEqual({ code: 'CORRUPT_AUDIO', message: (error as AudioFormatError).message });
    const accepted = await upload('name=take.mp3&onCorrupt=repair');
    expect(accepted.statusCode).toBe(201);
    expect(accepted.json()).toMatchObject({
      file: { name: 'take.wav', sampleRate: RATE, frames: clean.clip.channels[0]!.length },
      badFrames: [{ firstFrame: 40, frameCount: 2 }],
      policy: 'repair',
    });
    const repaired = await importMp3(damaged, 'repair');
    const skipped = await importMp3(damaged, 'skip');
    const length = clean.clip.channels[0]!.length;
    expect(repaired.clip.channels[0]!.length).toBe(length);
    expect(skipped.clip.channels[0]!.length).toBeLessThanOrEqual(length - 1_152);
    // Silence where the damage was, the tone everywhere else.
    const windows = Array.from({ length: Math.floor(length / 500) }, (_, index) => rmsOf(repaired.clip.channels[0]!.subarray(index * 500, index * 500 + 500)));
    const silent = windows.filter((rms) => rms < 0.01).length;
    expect(silent * 500).toBeGreaterThanOrEqual(2 * 1_152 * 0.9);
    expect(silent * 500).toBeLessThanOrEqual(4 * 1_152);
  });

  test('[EDGE-21] the file name "项目 🎵.ptx" round-trips through the API and S3, byte for byte', async () => {
    const project = await backend.createProject(owner, '项目 unicode');
    const name = '项目 🎵.ptx';
    const bytes = Buffer.from(`session ${name} \u0000\u00ff`, 'utf8');
    const put = await backend.app.inject({
      method: 'PUT',
      url: `/api/projects/${project.id}/files/${encodeURIComponent(name)}`,
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    expect(put.statusCode).toBe(201);
    const listed = await backend.call('GET', `/api/projects/${project.id}/files`, owner.token);
    expect(listed.json<{ files: { name: string; size: number }[] }>().files).toEqual([{ name, size: bytes.length }]);
    const got = await backend.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/files/${encodeURIComponent(name)}`,
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(got.statusCode).toBe(200);
    expect(Buffer.compare(got.rawPayload, bytes)).toBe(0);
    expect(got.headers['content-disposition']).toBe(`attachment; filename="__ _.ptx"; filename*=UTF-8''${encodeURIComponent(name)}`);
    // macOS hands out decomposed (NFD) names: the same file is found.
    const nfd = await backend.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/files/${encodeURIComponent('Café.wav'.normalize('NFD'))}`,
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(nfd.statusCode).toBe(404);
    await backend.app.inject({
      method: 'PUT',
      url: `/api/projects/${project.id}/files/${encodeURIComponent('Café.wav')}`,
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('x'),
    });
    const nfdAgain = await backend.app.inject({
      method: 'GET',
      url: `/api/projects/${project.id}/files/${encodeURIComponent('Café.wav'.normalize('NFD'))}`,
      headers: { authorization: `Bearer ${owner.token}` },
    });
    expect(nfdAgain.statusCode).toBe(200);
  });

  test('[EDGE-44] a truncated or foreign WAV gets a clear error; a WAV cut mid-data keeps its whole frames', () => {
    const wav = writeWav(sineClip(440, 0.1, RATE), '24');
    expect(() => readWav(wav.subarray(0, 20))).toThrow('not a WAV file: 20 bytes is shorter than a WAV header (44)');
    expect(() => readWav(Buffer.concat([Buffer.from('OggS'), wav.subarray(4)]))).toThrow('not a WAV file: no RIFF/WAVE header');
    expect(readWav(wav.subarray(0, 44 + 3 * 1000 + 2)).frames).toBe(1000);
  });

  test('[EDGE-45] 32-bit float WAV round-trips exactly, including values past full scale', () => {
    const clip = sineClip(440, 0.5, RATE, 1.5);
    const back = readWav(writeWav(clip, '32f'));
    expect(back).toMatchObject({ bitDepth: 32, float: true, sampleRate: RATE });
    let worst = 0;
    clip.channels[0]!.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - back.clip.channels[0]![i]!))));
    expectMetric({ name: '32-bit float round-trip error', unit: 'ratio', value: worst, threshold: 'value<0.000001' });
  });

  test('[EDGE-46] 16-bit WAV round-trips within one LSB', () => {
    const clip = sineClip(440, 0.5, RATE, 0.9);
    const back = readWav(writeWav(clip, '16'));
    expect(back.bitDepth).toBe(16);
    let worst = 0;
    clip.channels[0]!.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - back.clip.channels[0]![i]!))));
    expectMetric({ name: '16-bit round-trip error', unit: 'ratio', value: worst, threshold: 'value<0.0000306', details: { lsb: 1 / 32_768 } });
  });

  test('[EDGE-47] an empty file or one without MPEG frames is a clear MP3 error', async () => {
    await expect(importMp3(Buffer.alloc(0))).rejects.toThrow('no MPEG Layer III frames found in 0 bytes');
    await expect(importMp3(Buffer.from('this is not audio at all'.repeat(100)))).rejects.toThrow(/no MPEG Layer III frames found/);
  });

  test('[EDGE-48] an MP3 behind an ID3v2 tag decodes to the same audio', async () => {
    const tagBody = Buffer.alloc(300, 0x20);
    const tag = Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 2, 44]), tagBody]);
    const plain = await importMp3(MP3);
    const tagged = await importMp3(Buffer.concat([tag, MP3]));
    expect(tagged.badRegions).toEqual([]);
    expect(tagged.clip.channels[0]!.length).toBe(plain.clip.channels[0]!.length);
  });

  test('[EDGE-49] a file that is not an AAF compound document, or one without a session, gets a clear error', () => {
    expect(() => importAaf(Buffer.from('not a compound file'))).toThrow(/not an AAF \(compound file\) document/);
    const container = CFB.utils.cfb_new();
    CFB.utils.cfb_add(container, '/Other/properties', Buffer.from([0x4c, 0x20, 0, 0]));
    expect(() => importAaf(CFB.write(container, { type: 'buffer' }) as Buffer)).toThrow('AAF: missing storage /Header-2');
  });

  test('[EDGE-50] file names with a path, a Windows-reserved name, a trailing dot or over 255 bytes are refused with 400', async () => {
    const project = await backend.createProject(owner, 'bad names');
    const names = ['../../etc/passwd', 'a\\b.wav', 'CON.wav', 'take.', '🎵'.repeat(64), 'tab\there.wav'];
    const answers = [];
    for (const name of names) {
      const response = await backend.app.inject({
        method: 'PUT',
        url: `/api/projects/${project.id}/files/${encodeURIComponent(name)}`,
        headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('x'),
      });
      answers.push({ name, status: response.statusCode, code: response.json<{ error: { code: string } }>().error.code });
    }
    expect(answers).toEqual(names.map((name) => ({ name, status: 400, code: 'VALIDATION_FAILED' })));
  });

  test("[EDGE-51] session templates refuse an unknown template (400) and another user's project (403)", async () => {
    const project = await backend.createProject(owner, 'templates');
    const stranger = await backend.register('stranger');
    expect((await backend.call('POST', `/api/projects/${project.id}/sessions`, owner.token, { template: 'orchestra-1000' })).statusCode).toBe(400);
    const forbidden = await backend.call('POST', `/api/projects/${project.id}/sessions`, stranger.token, { template: 'blank' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'project belongs to another user' } });
  });
});
