/** A file that cannot be read as the audio it claims to be; the message says where and why. */
export class AudioFormatError extends Error {
  constructor(
    readonly code: 'CORRUPT_AUDIO' | 'UNSUPPORTED_AUDIO',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AudioFormatError';
  }
}
