import type { Jarvis } from '../jarvis/create-jarvis';
import type { TokenService } from './token-service';

export interface RouteContext {
  jarvis: Jarvis;
  tokens: TokenService;
  heartbeatKey: string | undefined;
  proxyTimeoutMs: number;
}

/** Shared schema pieces: every route validates, and unknown query parameters are rejected. */
export const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;
export const SERVICE_NAME = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;
