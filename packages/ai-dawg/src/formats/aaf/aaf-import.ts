import { AudioFormatError } from '../audio-format-error';
import { OPERATIONS, PARAMETERS, PID, type AafObject } from './aaf-model';
import type { AafClip, AafComposition, AafTrack } from './aaf-session';
import { readAafContainer } from './aaf-storage';
import { readInt64, readRational, readText, readUint32, strong, vector } from './aaf-values';

/** A MonoAudioGain operation's Amplitude parameter: constant (clip gain) or varying (automation). */
function amplitudeOf(operation: AafObject): { constant?: number; points?: { time: number; value: number }[] } {
  for (const parameter of vector(operation, PID.Parameters)) {
    if (readText(parameter, PID.ParameterDefinition) !== PARAMETERS.amplitude) continue;
    if (parameter.className === 'ConstantValue') return { constant: readRational(parameter, PID.ConstantValue, 'Amplitude value') };
    if (parameter.className === 'VaryingValue') {
      return {
        points: vector(parameter, PID.PointList).map((point) => ({
          time: readRational(point, PID.ControlPointTime, 'point time'),
          value: readRational(point, PID.ControlPointValue, 'point value'),
        })),
      };
    }
  }
  return {};
}

/** Unwraps a gain OperationGroup around one input segment. */
function unwrapGain(segment: AafObject): { inner: AafObject; gain?: number; points?: { time: number; value: number }[] } {
  if (segment.className !== 'OperationGroup' || readText(segment, PID.Operation) !== OPERATIONS.gain) return { inner: segment };
  const inner = vector(segment, PID.InputSegments)[0];
  if (!inner) throw new AudioFormatError('CORRUPT_AUDIO', 'AAF: gain operation without an input segment');
  const amplitude = amplitudeOf(segment);
  return { inner, ...(amplitude.constant !== undefined ? { gain: amplitude.constant } : {}), ...(amplitude.points ? { points: amplitude.points } : {}) };
}

/**
 * Walks a Sequence: Fillers move the position; a Transition overlaps its neighbours, so it is a
 * fade-out of the clip before it and a fade-in of the clip after it (a crossfade when both are clips).
 */
function clipsOf(sequence: AafObject): AafClip[] {
  const clips: AafClip[] = [];
  let position = 0;
  let pendingFadeIn: number | undefined;
  let previous: AafObject | undefined;
  for (const component of vector(sequence, PID.SequenceComponents)) {
    const length = readInt64(component, PID.ComponentLength, 'Length');
    if (component.className === 'Transition') {
      position -= length;
      if (previous?.className === 'SourceClip') clips[clips.length - 1]!.fadeOut = length;
      pendingFadeIn = length;
      previous = component;
      continue;
    }
    const { inner, gain } = unwrapGain(component);
    if (inner.className === 'SourceClip') {
      clips.push({
        position,
        length,
        sourceStart: readInt64(inner, PID.StartTime, 'StartTime', 0),
        sourceName: readText(inner, PID.SourceId, 'unknown'),
        ...(gain !== undefined ? { gain } : {}),
        ...(pendingFadeIn !== undefined ? { fadeIn: pendingFadeIn } : {}),
      });
    } else if (inner.className !== 'Filler') throw new AudioFormatError('UNSUPPORTED_AUDIO', `AAF: ${inner.className} inside a sequence is outside the supported subset`);
    pendingFadeIn = undefined;
    position += length;
    previous = inner;
  }
  return clips;
}

function trackOf(slot: AafObject): AafTrack | undefined {
  if (slot.className !== 'TimelineMobSlot') return undefined;
  const segment = strong(slot, PID.SlotSegment);
  if (!segment) return undefined;
  const { inner, points } = unwrapGain(segment);
  const sequence = inner.className === 'Sequence' ? inner : undefined;
  const editRate = readRational(slot, PID.EditRate, 'EditRate');
  return {
    slotId: readUint32(slot, PID.SlotId, 'SlotID'),
    name: readText(slot, PID.SlotName, `Track ${readUint32(slot, PID.SlotId, 'SlotID')}`),
    editRate,
    clips: sequence
      ? clipsOf(sequence)
      : inner.className === 'SourceClip'
        ? clipsOf({ className: 'Sequence', properties: new Map([[PID.SequenceComponents, { kind: 'vector', objects: [inner] }]]) })
        : [],
    ...(points ? { automation: { parameter: 'volume' as const, points } } : {}),
  };
}

/** Imports the first CompositionMob of an AAF file: its tracks, clips, positions, fades, gain and volume automation. */
export function importAaf(bytes: Uint8Array): AafComposition {
  const header = readAafContainer(bytes);
  const content = strong(header, PID.HeaderContent);
  const composition = content && vector(content, PID.ContentStorageMobs).find((mob) => mob.className === 'CompositionMob');
  if (!composition) throw new AudioFormatError('UNSUPPORTED_AUDIO', 'AAF: no CompositionMob (session) in the file');
  return { name: readText(composition, PID.MobName, 'Untitled'), tracks: vector(composition, PID.MobSlots).flatMap((slot) => trackOf(slot) ?? []) };
}
