/** MPEG-1/2/2.5 Layer III frame headers: enough to walk a file frame by frame and find damage. */
export interface Mp3Frame {
  offset: number;
  length: number;
  sampleRate: number;
  samples: number;
  header: Uint8Array;
}

export interface BadRegion {
  fromByte: number;
  toByte: number;
  /** Index (0-based) in the frame sequence where the damage sits, and the frames it likely replaced. */
  firstFrame: number;
  frameCount: number;
}

export interface Mp3Scan {
  frames: Mp3Frame[];
  badRegions: BadRegion[];
  dataStart: number;
  dataEnd: number;
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Record<number, number[]> = { 3: [44_100, 48_000, 32_000], 2: [22_050, 24_000, 16_000], 0: [11_025, 12_000, 8_000] };

export function parseFrameHeader(bytes: Uint8Array, offset: number): Omit<Mp3Frame, 'header'> | undefined {
  if (offset + 4 > bytes.length) return undefined;
  const [b0, b1, b2] = [bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!];
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrate = (version === 3 ? BITRATES_V1 : BITRATES_V2)[bitrateIndex]! * 1000;
  const sampleRate = RATES[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const length = Math.floor(((version === 3 ? 144 : 72) * bitrate) / sampleRate) + padding;
  return { offset, length, sampleRate, samples: version === 3 ? 1152 : 576 };
}

function id3v2Size(bytes: Uint8Array): number {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x44 || bytes[2] !== 0x33) return 0;
  return 10 + (((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f));
}

/** A frame is trusted when the next one starts right where it ends (or the data ends there). */
function chainedFrame(bytes: Uint8Array, offset: number, end: number): Omit<Mp3Frame, 'header'> | undefined {
  const frame = parseFrameHeader(bytes, offset);
  if (!frame || offset + frame.length > end) return undefined;
  const next = offset + frame.length;
  if (next === end || parseFrameHeader(bytes, next)) return frame;
  return undefined;
}

/** Walks the frames; bytes between trusted frames are a bad region, named by frame position. */
export function scanMp3(bytes: Uint8Array): Mp3Scan {
  const dataStart = id3v2Size(bytes);
  const hasId3v1 = bytes.length >= 128 && bytes[bytes.length - 128] === 0x54 && bytes[bytes.length - 127] === 0x41 && bytes[bytes.length - 126] === 0x47;
  const dataEnd = hasId3v1 ? bytes.length - 128 : bytes.length;
  const frames: Mp3Frame[] = [];
  const badRegions: BadRegion[] = [];
  let offset = dataStart;
  // Inside a trusted chain a valid header where the previous frame ends is trusted on its own;
  // resyncing after damage needs two headers in a row (a lone 0xFFF in audio data is common).
  let inChain = false;
  while (offset < dataEnd) {
    const chained = inChain ? parseFrameHeader(bytes, offset) : undefined;
    const frame = chained && offset + chained.length <= dataEnd ? chained : chainedFrame(bytes, offset, dataEnd);
    if (frame) {
      frames.push({ ...frame, header: bytes.slice(offset, offset + 4) });
      offset += frame.length;
      inChain = true;
      continue;
    }
    let resume = offset + 1;
    while (resume < dataEnd && !chainedFrame(bytes, resume, dataEnd)) resume++;
    const typical = frames[frames.length - 1]?.length ?? 417;
    badRegions.push({ fromByte: offset, toByte: resume, firstFrame: frames.length, frameCount: Math.max(1, Math.round((resume - offset) / typical)) });
    offset = resume;
    inChain = false;
  }
  return { frames, badRegions, dataStart, dataEnd };
}
