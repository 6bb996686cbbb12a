import { AppError } from '../errors/app-error';

/** Longest name most file systems accept (255 bytes of UTF-8 on ext4/APFS; NTFS counts 255 UTF-16 units). */
const MAX_NAME_BYTES = 255;
// Windows reserves these; a name that works on one OS must work on all (the seed: "on all OS").
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * A project file name that round-trips on every OS: any Unicode (`项目 🎵.ptx`), NFC-normalised
 * (macOS hands out NFD), without separators, control characters, Windows-reserved names or
 * trailing dots/spaces.
 */
export function validateFileName(raw: string): string {
  const name = raw.normalize('NFC');
  const problem =
    name.length === 0
      ? 'is empty'
      : Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES
        ? `is ${Buffer.byteLength(name, 'utf8')} bytes of UTF-8 (max ${MAX_NAME_BYTES})`
        : /[\\/:*?"<>|\u0000-\u001f\u007f]/u.test(name)
          ? 'contains a path separator, control character or one of \\ / : * ? " < > |'
          : name === '.' || name === '..'
            ? 'is a relative path'
            : RESERVED.test(name)
              ? 'is reserved on Windows'
              : /[. ]$/.test(name)
                ? 'ends with a dot or space (Windows drops them)'
                : undefined;
  if (problem) throw new AppError('VALIDATION_FAILED', `file name ${JSON.stringify(raw)} ${problem}`);
  return name;
}

/** RFC 6266 / 5987 header so browsers on every OS save the file under its Unicode name. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/gu, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
