import * as CFB from 'cfb';
import { AudioFormatError } from '../audio-format-error';
import { AAF_CLASSES, CLASS_BY_ID, STORED_FORM, type AafObject, type AafValue } from './aaf-model';

const BYTE_ORDER_LITTLE = 0x4c;
const FORMAT_VERSION = 0x20;

function utf16z(text: string): Buffer {
  return Buffer.from(`${text}\u0000`, 'utf16le');
}

function readUtf16z(bytes: Buffer): string {
  return bytes.toString('utf16le').replace(/\u0000+$/, '');
}

/** `properties` stream: byte order, version, count, then (pid, stored form, length) entries, then the values. */
function encodeProperties(entries: { pid: number; form: number; value: Buffer }[]): Buffer {
  const header = Buffer.alloc(4 + entries.length * 6);
  header.writeUInt8(BYTE_ORDER_LITTLE, 0);
  header.writeUInt8(FORMAT_VERSION, 1);
  header.writeUInt16LE(entries.length, 2);
  entries.forEach((entry, index) => {
    header.writeUInt16LE(entry.pid, 4 + index * 6);
    header.writeUInt16LE(entry.form, 6 + index * 6);
    header.writeUInt16LE(entry.value.length, 8 + index * 6);
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.value)]);
}

function decodeProperties(bytes: Buffer, where: string): { pid: number; form: number; value: Buffer }[] {
  if (bytes.length < 4 || bytes[0] !== BYTE_ORDER_LITTLE) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${where} has no little-endian property header`);
  const count = bytes.readUInt16LE(2);
  let offset = 4 + count * 6;
  if (offset > bytes.length) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${where} lists ${count} properties but is ${bytes.length} bytes`);
  const entries = [];
  for (let index = 0; index < count; index++) {
    const length = bytes.readUInt16LE(8 + index * 6);
    if (offset + length > bytes.length) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${where} property ${index} runs past the stream`);
    entries.push({ pid: bytes.readUInt16LE(4 + index * 6), form: bytes.readUInt16LE(6 + index * 6), value: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  return entries;
}

const childName = (pid: number): string => `p-${pid.toString(16).padStart(4, '0')}`;

function writeObject(container: CFB.CFB$Container, path: string, object: AafObject, classes: Map<string, string>): void {
  classes.set(path, AAF_CLASSES[object.className]);
  const entries: { pid: number; form: number; value: Buffer }[] = [];
  for (const [pid, value] of object.properties) {
    if (value.kind === 'data') entries.push({ pid, form: STORED_FORM.data, value: value.bytes });
    else if (value.kind === 'strong') {
      entries.push({ pid, form: STORED_FORM.strongReference, value: utf16z(childName(pid)) });
      writeObject(container, `${path}/${childName(pid)}`, value.object, classes);
    } else {
      const name = childName(pid);
      entries.push({ pid, form: STORED_FORM.strongReferenceVector, value: utf16z(name) });
      // Vector index: count, next free key, last free key, then one local key per element.
      const index = Buffer.alloc(12 + value.objects.length * 4);
      index.writeUInt32LE(value.objects.length, 0);
      index.writeUInt32LE(value.objects.length, 4);
      index.writeUInt32LE(0xffffffff, 8);
      value.objects.forEach((child, key) => {
        index.writeUInt32LE(key, 12 + key * 4);
        writeObject(container, `${path}/${name}{${key.toString(16)}}`, child, classes);
      });
      CFB.utils.cfb_add(container, `${path}/${name} index`, index);
    }
  }
  CFB.utils.cfb_add(container, `${path}/properties`, encodeProperties(entries));
}

/** Writes an object tree as an AAF structured-storage compound file (the root object is `Header-2`). */
export function writeAafContainer(header: AafObject): Buffer {
  const container = CFB.utils.cfb_new();
  const classes = new Map<string, string>();
  writeObject(container, '/Header-2', header, classes);
  // Storages exist once a stream is added under them; their CLSIDs are set on a re-read copy.
  const reread = CFB.read(CFB.write(container, { type: 'buffer' }) as Buffer, { type: 'buffer' });
  for (const [path, clsid] of classes) {
    const index = reread.FullPaths.indexOf(`Root Entry${path}/`);
    if (index >= 0) reread.FileIndex[index]!.clsid = clsid;
  }
  return CFB.write(reread, { type: 'buffer' }) as Buffer;
}

function readObject(container: CFB.CFB$Container, path: string, depth: number): AafObject {
  if (depth > 64) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: object nesting deeper than 64 at ${path}`);
  const index = container.FullPaths.indexOf(`Root Entry${path}/`);
  if (index < 0) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: missing storage ${path}`);
  const clsid = container.FileIndex[index]!.clsid;
  const className = CLASS_BY_ID.get(clsid);
  if (!className) throw new AudioFormatError('UNSUPPORTED_AUDIO', `AAF: ${path} is of class ${clsid}, outside the supported subset`);
  const stream = CFB.find(container, `${path}/properties`);
  if (!stream) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${path} has no properties stream`);
  const properties = new Map<number, AafValue>();
  for (const entry of decodeProperties(Buffer.from(stream.content as Uint8Array), path)) {
    if (entry.form === STORED_FORM.data) properties.set(entry.pid, { kind: 'data', bytes: Buffer.from(entry.value) });
    else if (entry.form === STORED_FORM.strongReference)
      properties.set(entry.pid, { kind: 'strong', object: readObject(container, `${path}/${readUtf16z(entry.value)}`, depth + 1) });
    else if (entry.form === STORED_FORM.strongReferenceVector) {
      const name = readUtf16z(entry.value);
      const indexStream = CFB.find(container, `${path}/${name} index`);
      if (!indexStream) throw new AudioFormatError('CORRUPT_AUDIO', `AAF: ${path}/${name} has no index`);
      const indexBytes = Buffer.from(indexStream.content as Uint8Array);
      const count = indexBytes.readUInt32LE(0);
      const objects: AafObject[] = [];
      for (let i = 0; i < count; i++) objects.push(readObject(container, `${path}/${name}{${indexBytes.readUInt32LE(12 + i * 4).toString(16)}}`, depth + 1));
      properties.set(entry.pid, { kind: 'vector', objects });
    }
    // Weak references and other stored forms are outside the subset and skipped.
  }
  return { className, properties };
}

/** Reads the object tree under `Header-2` of an AAF compound file. */
export function readAafContainer(bytes: Uint8Array): AafObject {
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  } catch (error) {
    throw new AudioFormatError('CORRUPT_AUDIO', `not an AAF (compound file) document: ${(error as Error).message}`);
  }
  return readObject(container, '/Header-2', 0);
}
