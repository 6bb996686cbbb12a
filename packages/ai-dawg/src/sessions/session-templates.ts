import { randomUUID } from 'node:crypto';

export type TrackKind = 'audio' | 'instrument' | 'aux';

export interface SessionTrack {
  id: string;
  name: string;
  kind: TrackKind;
  channels: 1 | 2;
  input: string | null;
  /** Bus id or `master`. */
  output: string;
}

export interface SessionBus {
  id: string;
  name: string;
  output: string;
}

export interface SessionDocument {
  name: string;
  template: TemplateName;
  sampleRate: number;
  bitDepth: number;
  bpm: number;
  tracks: SessionTrack[];
  buses: SessionBus[];
  /** Every source → destination edge, tracks and buses alike; the last hop is always `master`. */
  routing: { from: string; to: string }[];
}

interface TrackSpec {
  name: string;
  kind: TrackKind;
  channels: 1 | 2;
  input: string | null;
  bus?: string;
}

const TEMPLATES = {
  blank: { buses: [] as string[], tracks: [] as TrackSpec[] },
  'vocal-tracking': {
    buses: ['Vocal Bus', 'Reverb'],
    tracks: [
      { name: 'Lead Vox', kind: 'audio', channels: 1, input: 'In 1', bus: 'Vocal Bus' },
      { name: 'Double', kind: 'audio', channels: 1, input: 'In 1', bus: 'Vocal Bus' },
      { name: 'Harmony', kind: 'audio', channels: 1, input: 'In 2', bus: 'Vocal Bus' },
      { name: 'Beat', kind: 'audio', channels: 2, input: null },
      { name: 'Reverb Return', kind: 'aux', channels: 2, input: 'Reverb' },
    ] as TrackSpec[],
  },
  'band-tracking': {
    buses: ['Drums', 'Guitars'],
    tracks: [
      ...['Kick', 'Snare', 'Hi-Hat', 'Tom 1', 'Tom 2', 'OH L', 'OH R', 'Room'].map((name, index): TrackSpec => ({
        name,
        kind: 'audio',
        channels: 1,
        input: `In ${index + 1}`,
        bus: 'Drums',
      })),
      { name: 'Bass DI', kind: 'audio', channels: 1, input: 'In 9' },
      { name: 'Gtr L', kind: 'audio', channels: 1, input: 'In 10', bus: 'Guitars' },
      { name: 'Gtr R', kind: 'audio', channels: 1, input: 'In 11', bus: 'Guitars' },
      { name: 'Vox', kind: 'audio', channels: 1, input: 'In 12' },
    ] as TrackSpec[],
  },
  mixing: {
    buses: ['Drum Bus', 'Music Bus', 'Vocal Bus', 'Reverb', 'Delay'],
    tracks: [
      { name: 'Drums', kind: 'audio', channels: 2, input: null, bus: 'Drum Bus' },
      { name: 'Bass', kind: 'audio', channels: 1, input: null, bus: 'Music Bus' },
      { name: 'Keys', kind: 'instrument', channels: 2, input: null, bus: 'Music Bus' },
      { name: 'Lead Vox', kind: 'audio', channels: 1, input: null, bus: 'Vocal Bus' },
      { name: 'Reverb Return', kind: 'aux', channels: 2, input: 'Reverb' },
      { name: 'Delay Return', kind: 'aux', channels: 2, input: 'Delay' },
    ] as TrackSpec[],
  },
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

/** The session defaults the seed names: 24-bit / 48 kHz. */
export const SESSION_DEFAULTS = { sampleRate: 48_000, bitDepth: 24, bpm: 120 } as const;

/** Builds a ready session (tracks, buses, routing to master) from a template in one call. */
export function buildSession(template: TemplateName, options: { name?: string; sampleRate?: number; bitDepth?: number; bpm?: number } = {}): SessionDocument {
  const spec = TEMPLATES[template];
  const buses: SessionBus[] = spec.buses.map((name) => ({ id: `bus-${randomUUID()}`, name, output: 'master' }));
  const busId = (name: string | undefined): string => buses.find((bus) => bus.name === name)?.id ?? 'master';
  const tracks: SessionTrack[] = spec.tracks.map((track) => ({
    id: `trk-${randomUUID()}`,
    name: track.name,
    kind: track.kind,
    channels: track.channels,
    input: track.input,
    output: busId(track.bus),
  }));
  return {
    name: options.name ?? template,
    template,
    sampleRate: options.sampleRate ?? SESSION_DEFAULTS.sampleRate,
    bitDepth: options.bitDepth ?? SESSION_DEFAULTS.bitDepth,
    bpm: options.bpm ?? SESSION_DEFAULTS.bpm,
    tracks,
    buses,
    routing: [...tracks.map((track) => ({ from: track.id, to: track.output })), ...buses.map((bus) => ({ from: bus.id, to: bus.output }))],
  };
}
