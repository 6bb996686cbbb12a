import { OPERATIONS, PARAMETERS, PID, type AafObject, type AafValue } from './aaf-model';
import type { AafClip, AafComposition, AafTrack } from './aaf-session';
import { writeAafContainer } from './aaf-storage';
import { int64, rational, text, uint32 } from './aaf-values';

const object = (className: AafObject['className'], entries: [number, AafValue][]): AafObject => ({ className, properties: new Map(entries) });
const strongRef = (child: AafObject): AafValue => ({ kind: 'strong', object: child });
const vectorOf = (children: AafObject[]): AafValue => ({ kind: 'vector', objects: children });

function gainOperation(input: AafObject, length: number, parameter: AafObject): AafObject {
  return object('OperationGroup', [
    [PID.ComponentLength, int64(length)],
    [PID.Operation, text(OPERATIONS.gain)],
    [PID.InputSegments, vectorOf([input])],
    [PID.Parameters, vectorOf([parameter])],
  ]);
}

const transition = (length: number): AafObject =>
  object('Transition', [
    [PID.ComponentLength, int64(length)],
    [PID.CutPoint, int64(0)],
    [
      PID.TransitionOperation,
      strongRef(
        object('OperationGroup', [
          [PID.ComponentLength, int64(length)],
          [PID.Operation, text(OPERATIONS.fade)],
        ]),
      ),
    ],
  ]);

/** Sequence components for clips laid out on a timeline: filler in gaps, transitions for fades. */
function components(clips: AafClip[]): { parts: AafObject[]; length: number } {
  const parts: AafObject[] = [];
  let position = 0;
  for (const clip of [...clips].sort((a, b) => a.position - b.position)) {
    const fadeIn = clip.fadeIn ?? 0;
    const gap = clip.position - position;
    // Fades overlap filler: the filler is lengthened by the transition that will overlap it.
    if (gap > 0 || fadeIn > 0) parts.push(object('Filler', [[PID.ComponentLength, int64(gap + fadeIn)]]));
    if (fadeIn > 0) parts.push(transition(fadeIn));
    let segment = object('SourceClip', [
      [PID.ComponentLength, int64(clip.length)],
      [PID.StartTime, int64(clip.sourceStart)],
      [PID.SourceId, text(clip.sourceName)],
    ]);
    if (clip.gain !== undefined)
      segment = gainOperation(
        segment,
        clip.length,
        object('ConstantValue', [
          [PID.ParameterDefinition, text(PARAMETERS.amplitude)],
          [PID.ConstantValue, rational(clip.gain)],
        ]),
      );
    parts.push(segment);
    position = clip.position + clip.length;
    if (clip.fadeOut) {
      parts.push(transition(clip.fadeOut));
      parts.push(object('Filler', [[PID.ComponentLength, int64(clip.fadeOut)]]));
    }
  }
  return { parts, length: position };
}

function slot(track: AafTrack): AafObject {
  const { parts, length } = components(track.clips);
  let segment = object('Sequence', [
    [PID.ComponentLength, int64(length)],
    [PID.SequenceComponents, vectorOf(parts)],
  ]);
  if (track.automation) {
    const points = track.automation.points.map((point) =>
      object('ControlPoint', [
        [PID.ControlPointTime, rational(point.time)],
        [PID.ControlPointValue, rational(point.value)],
      ]),
    );
    segment = gainOperation(
      segment,
      length,
      object('VaryingValue', [
        [PID.ParameterDefinition, text(PARAMETERS.amplitude)],
        [PID.Interpolation, text('Linear')],
        [PID.PointList, vectorOf(points)],
      ]),
    );
  }
  return object('TimelineMobSlot', [
    [PID.SlotId, uint32(track.slotId)],
    [PID.SlotName, text(track.name)],
    [PID.EditRate, rational(track.editRate, 1)],
    [PID.Origin, int64(0)],
    [PID.SlotSegment, strongRef(segment)],
  ]);
}

/** Writes a composition as an AAF compound file (cfb): how this repo builds its AAF fixtures. */
export function writeAaf(composition: AafComposition): Buffer {
  const mob = object('CompositionMob', [
    [PID.MobName, text(composition.name)],
    [PID.MobSlots, vectorOf(composition.tracks.map(slot))],
  ]);
  const content = object('ContentStorage', [[PID.ContentStorageMobs, vectorOf([mob])]]);
  return writeAafContainer(object('Header', [[PID.HeaderContent, strongRef(content)]]));
}
