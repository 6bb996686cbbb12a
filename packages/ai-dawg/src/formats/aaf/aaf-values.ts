import { AudioFormatError } from '../audio-format-error';
import type { AafObject, AafValue } from './aaf-model';

export const data = (bytes: Buffer): AafValue => ({ kind: 'data', bytes });
export const int64 = (value: number): AafValue => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64LE(BigInt(Math.round(value)));
  return data(bytes);
};
export const uint32 = (value: number): AafValue => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return data(bytes);
};
/** AAF Rational: two little-endian int32 (numerator, denominator). */
export const rational = (value: number, denominator = 1_000_000): AafValue => {
  const bytes = Buffer.alloc(8);
  bytes.writeInt32LE(Math.round(value * denominator));
  bytes.writeInt32LE(denominator, 4);
  return data(bytes);
};
export const text = (value: string): AafValue => data(Buffer.from(`${value}\u0000`, 'utf16le'));

function dataOf(object: AafObject, pid: number, what: string): Buffer {
  const value = object.properties.get(pid);
  if (value?.kind !== 'data') throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${object.className} has no ${what} (pid 0x${pid.toString(16)})`);
  return value.bytes;
}

export function readInt64(object: AafObject, pid: number, what: string, fallback?: number): number {
  if (fallback !== undefined && !object.properties.has(pid)) return fallback;
  return Number(dataOf(object, pid, what).readBigInt64LE(0));
}
export function readUint32(object: AafObject, pid: number, what: string): number {
  return dataOf(object, pid, what).readUInt32LE(0);
}
export function readRational(object: AafObject, pid: number, what: string): number {
  const bytes = dataOf(object, pid, what);
  const denominator = bytes.readInt32LE(4);
  if (denominator === 0) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${object.className} ${what} has a zero denominator`);
  return bytes.readInt32LE(0) / denominator;
}
export function readText(object: AafObject, pid: number, fallback = ''): string {
  const value = object.properties.get(pid);
  return value?.kind === 'data' ? value.bytes.toString('utf16le').replace(/\u0000+$/, '') : fallback;
}
export function strong(object: AafObject, pid: number): AafObject | undefined {
  const value = object.properties.get(pid);
  return value?.kind === 'strong' ? value.object : undefined;
}
export function vector(object: AafObject, pid: number): AafObject[] {
  const value = object.properties.get(pid);
  return value?.kind === 'vector' ? value.objects : [];
}
