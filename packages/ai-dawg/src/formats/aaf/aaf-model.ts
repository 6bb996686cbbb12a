/**
 * The AAF subset this importer reads: classes by their SMPTE AUID (stored as the storage CLSID),
 * properties by their AAF PID. See README.md in this folder for what is and is not supported.
 */
// SMPTE labels 06.0E.2B.34.02.06.01.01 / 0D.01.01.01.01.01.<class>.00, written as 32 hex digits.
const aafClass = (code: string): string => `0d0101010101${code}00060e2b3402060101`;

export const AAF_CLASSES = {
  Header: aafClass('2f'),
  ContentStorage: aafClass('18'),
  CompositionMob: aafClass('35'),
  TimelineMobSlot: aafClass('3b'),
  Sequence: aafClass('0f'),
  SourceClip: aafClass('11'),
  Filler: aafClass('09'),
  Transition: aafClass('17'),
  OperationGroup: aafClass('0a'),
  ConstantValue: aafClass('3d'),
  VaryingValue: aafClass('3e'),
  ControlPoint: aafClass('19'),
} as const;

export type AafClassName = keyof typeof AAF_CLASSES;

export const CLASS_BY_ID = new Map<string, AafClassName>(Object.entries(AAF_CLASSES).map(([name, id]) => [id, name as AafClassName]));

/** AAF property ids (AAFMetaDictionary). */
export const PID = {
  HeaderContent: 0x3b03,
  ContentStorageMobs: 0x1901,
  MobName: 0x4402,
  MobSlots: 0x4403,
  SlotId: 0x4801,
  SlotName: 0x4802,
  SlotSegment: 0x4803,
  EditRate: 0x4b01,
  Origin: 0x4b02,
  SequenceComponents: 0x1001,
  ComponentLength: 0x0202,
  SourceId: 0x1101,
  StartTime: 0x1201,
  TransitionOperation: 0x1801,
  CutPoint: 0x1802,
  Operation: 0x0b01,
  InputSegments: 0x0b02,
  Parameters: 0x0b03,
  ParameterDefinition: 0x4c01,
  ConstantValue: 0x4d01,
  Interpolation: 0x4e01,
  PointList: 0x4e02,
  ControlPointValue: 0x1a02,
  ControlPointTime: 0x1a03,
} as const;

/** Stored forms of AAF's structured-storage property streams (OMStoredForm). */
export const STORED_FORM = { data: 0x82, strongReference: 0x22, strongReferenceVector: 0x32 } as const;

/** Operation and parameter identifiers this importer understands (by name; see README). */
export const OPERATIONS = { gain: 'MonoAudioGain', fade: 'MonoAudioDissolve' } as const;
export const PARAMETERS = { amplitude: 'Amplitude', level: 'Level' } as const;

export type AafValue = { kind: 'data'; bytes: Buffer } | { kind: 'strong'; object: AafObject } | { kind: 'vector'; objects: AafObject[] };

export interface AafObject {
  className: AafClassName;
  properties: Map<number, AafValue>;
}
