export const GENRES = ['trap', 'boom-bap', 'house', 'drill', 'lo-fi'] as const;
export type Genre = (typeof GENRES)[number];

/** A hit on the 16th-note grid of one bar (step 0-15); `division` > 1 makes it a roll of that many hits within the step pair. */
export interface Hit {
  step: number;
  velocity: number;
  /** Roll: this many evenly spaced hits over `rollSteps` 16ths (trap/drill hat rolls). */
  roll?: { hits: number; rollSteps: number };
}

export interface GenrePattern {
  kick: Hit[];
  snare: Hit[];
  hat: Hit[];
  /**
   * Fraction of a 16th by which every off-beat 16th is delayed (0 = straight). MPC-style 54-58 %
   * swing (0.08-0.16); triplet swing (0.33) would put the off-beats on a straight 16th grid at
   * 1.5x the tempo, which no onset-based tempo measure can tell apart.
   */
  swing: number;
  /** Kick decay in seconds: long 808 tails for trap and drill. */
  kickDecay: number;
}

const steps = (list: number[], velocity = 1): Hit[] => list.map((step) => ({ step, velocity }));
const sixteenthHats = (accent = 0.7, soft = 0.45): Hit[] => Array.from({ length: 16 }, (_, step) => ({ step, velocity: step % 2 === 0 ? accent : soft }));

/**
 * One bar per genre (two bars for trap and drill, whose second bar carries the hat rolls).
 * Every pattern keeps 16th hats so the groove's finest grid is audible.
 */
export const GENRE_PATTERNS: Record<Genre, GenrePattern[]> = {
  trap: [
    { kick: steps([0, 7, 10]), snare: steps([8]), hat: sixteenthHats(), swing: 0, kickDecay: 0.7 },
    {
      kick: steps([0, 3, 10, 11]),
      snare: steps([8]),
      hat: [
        ...sixteenthHats().filter((hit) => hit.step < 12),
        { step: 12, velocity: 0.6, roll: { hits: 6, rollSteps: 2 } },
        { step: 14, velocity: 0.6, roll: { hits: 4, rollSteps: 1 } },
        { step: 15, velocity: 0.6 },
      ],
      swing: 0,
      kickDecay: 0.7,
    },
  ],
  drill: [
    { kick: steps([0, 6, 11]), snare: steps([6, 14]), hat: sixteenthHats(0.7, 0.4), swing: 0, kickDecay: 0.8 },
    {
      kick: steps([0, 3, 9]),
      snare: steps([6, 14]),
      hat: [
        ...sixteenthHats(0.7, 0.4).filter((hit) => hit.step < 10 || hit.step > 11),
        { step: 10, velocity: 0.6, roll: { hits: 3, rollSteps: 1 } },
        { step: 11, velocity: 0.6, roll: { hits: 3, rollSteps: 1 } },
      ],
      swing: 0,
      kickDecay: 0.8,
    },
  ],
  'boom-bap': [{ kick: steps([0, 7, 10]), snare: steps([4, 12]), hat: sixteenthHats(0.7, 0.35), swing: 0.12, kickDecay: 0.35 }],
  'lo-fi': [{ kick: steps([0, 9]), snare: steps([4, 12], 0.8), hat: sixteenthHats(0.55, 0.3), swing: 0.16, kickDecay: 0.3 }],
  house: [
    {
      kick: steps([0, 4, 8, 12]),
      snare: steps([4, 12], 0.8),
      hat: [...sixteenthHats(0.4, 0.3).filter((hit) => hit.step % 4 !== 2), ...steps([2, 6, 10, 14], 0.8)],
      swing: 0,
      kickDecay: 0.3,
    },
  ],
};
