import { Worker } from 'node:worker_threads';
import type { AudioClip } from '../editing/audio-clip';
import { AudioFormatError } from './audio-format-error';
import { scanMp3, type BadRegion, type Mp3Frame } from './mp3-frames';

interface DecodedMpeg {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
}

// Runs in a worker thread: a fresh Node module system where a dynamic import loads the ESM-only
// mpg123-decoder on any Node 20 (Jest's CommonJS registry cannot), and decoding does not block
// the event loop.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const { MPEGDecoder } = await import(pathToFileURL(workerData.modulePath).href);
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const result = decoder.decode(new Uint8Array(workerData.bytes));
    parentPort.postMessage({ channelData: result.channelData, samplesDecoded: result.samplesDecoded, sampleRate: result.sampleRate });
  } finally {
    decoder.free();
  }
})().catch((error) => parentPort.postMessage({ error: String(error && error.message || error) }));
`;

/** Decodes an MPEG stream with mpg123 (WebAssembly) in a worker thread. */
function decodeInWorker(stream: Uint8Array): Promise<DecodedMpeg> {
  // A copy of exactly these bytes is transferred (Buffer.slice would share, and transferring would detach, the caller's memory).
  const bytes = new Uint8Array(stream).buffer;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath: require.resolve('mpg123-decoder'), bytes }, transferList: [bytes] });
  return new Promise<DecodedMpeg>((resolve, reject) => {
    worker.once('message', (message: DecodedMpeg | { error: string }) =>
      'error' in message ? reject(new AudioFormatError('CORRUPT_AUDIO', `MP3 decoder failed: ${message.error}`)) : resolve(message),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`MP3 decoder worker exited with ${code}`)));
  }).finally(() => void worker.terminate());
}

/** What to do with damaged frames: refuse (default, the user is asked), drop them, or put silence in their place. */
export type CorruptFramePolicy = 'error' | 'skip' | 'repair';

export interface Mp3ImportResult {
  clip: AudioClip;
  frames: number;
  badRegions: BadRegion[];
  policy: CorruptFramePolicy;
}

function describe(regions: BadRegion[]): string {
  return regions
    .map(
      (region) =>
        (region.frameCount === 1 ? `frame ${region.firstFrame}` : `frames ${region.firstFrame}-${region.firstFrame + region.frameCount - 1}`) +
        ` (bytes ${region.fromByte}-${region.toByte - 1})`,
    )
    .join(', ');
}

/**
 * A Layer III frame whose side information is all zero decodes to silence: it keeps the timeline
 * length where damaged frames were (repair), with the header of a neighbouring good frame.
 */
function silentFrame(model: Mp3Frame): Uint8Array {
  const frame = new Uint8Array(model.length);
  frame.set(model.header);
  frame[1] = frame[1]! | 0x01; // no CRC
  frame[2] = frame[2]! & ~0x02; // no padding: length recomputed below matches
  return frame.subarray(0, model.length - ((model.header[2]! >> 1) & 1));
}

function rebuild(bytes: Uint8Array, frames: Mp3Frame[], regions: BadRegion[], policy: 'skip' | 'repair'): Uint8Array {
  const parts: Uint8Array[] = [];
  let regionIndex = 0;
  frames.forEach((frame, index) => {
    while (regionIndex < regions.length && regions[regionIndex]!.firstFrame === index) {
      if (policy === 'repair') for (let n = 0; n < regions[regionIndex]!.frameCount; n++) parts.push(silentFrame(frames[Math.max(0, index - 1)] ?? frame));
      regionIndex++;
    }
    parts.push(bytes.subarray(frame.offset, frame.offset + frame.length));
  });
  for (; regionIndex < regions.length && policy === 'repair'; regionIndex++) {
    for (let n = 0; n < regions[regionIndex]!.frameCount; n++) parts.push(silentFrame(frames[frames.length - 1]!));
  }
  return Buffer.concat(parts);
}

/**
 * Decodes an MP3 with mpg123 (WebAssembly). The frames are checked first: damage is an error
 * naming the bad frames and offering `skip` or `repair`, unless one of those was chosen.
 */
export async function importMp3(bytes: Uint8Array, policy: CorruptFramePolicy = 'error'): Promise<Mp3ImportResult> {
  const scan = scanMp3(bytes);
  if (scan.frames.length === 0) throw new AudioFormatError('CORRUPT_AUDIO', `no MPEG Layer III frames found in ${bytes.length} bytes`, { badFrames: [], choices: [] });
  if (scan.badRegions.length > 0 && policy === 'error') {
    throw new AudioFormatError(
      'CORRUPT_AUDIO',
      `corrupted MP3: ${describe(scan.badRegions)} are damaged; import again choosing "skip" (drop them) or "repair" (silence in their place)`,
      {
        badFrames: scan.badRegions,
        choices: ['skip', 'repair'],
      },
    );
  }
  const stream =
    scan.badRegions.length === 0 ? bytes.subarray(scan.dataStart, scan.dataEnd) : rebuild(bytes, scan.frames, scan.badRegions, policy === 'repair' ? 'repair' : 'skip');
  const decoded = await decodeInWorker(stream);
  if (decoded.samplesDecoded === 0) throw new AudioFormatError('CORRUPT_AUDIO', 'the MP3 frames decoded to no audio');
  return {
    clip: { sampleRate: decoded.sampleRate, channels: decoded.channelData.map((channel) => new Float32Array(channel)) },
    frames: scan.frames.length,
    badRegions: scan.badRegions,
    policy,
  };
}
