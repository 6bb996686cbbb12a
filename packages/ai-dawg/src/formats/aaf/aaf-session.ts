/** What an AAF import yields (and what the writer takes): a composition's track layout. */
export interface AafClip {
  /** Timeline position and length in edit units of the track. */
  position: number;
  length: number;
  sourceStart: number;
  sourceName: string;
  /** Linear clip gain (from a MonoAudioGain operation with a constant Amplitude). */
  gain?: number;
  /** Fade lengths in edit units (from Transitions next to Fillers). */
  fadeIn?: number;
  fadeOut?: number;
}

export interface AafTrack {
  slotId: number;
  name: string;
  /** Edit units per second (48000 for sample-accurate audio tracks). */
  editRate: number;
  clips: AafClip[];
  /** Track volume automation (MonoAudioGain around the sequence with a varying Amplitude). */
  automation?: { parameter: 'volume'; points: { time: number; value: number }[] };
}

export interface AafComposition {
  name: string;
  tracks: AafTrack[];
}
