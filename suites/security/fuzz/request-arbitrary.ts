import fc from 'fast-check';
import type { RouteSpec } from '../catalog/system-routes';

export interface FuzzRequest {
  route: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Values a schema does not expect: wrong types, edge numbers, hostile strings, deep and wide shapes. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    true,
    -1,
    0,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    '\u0000',
    '\ud800',
    '../../etc/passwd',
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '%00',
    'a'.repeat(5000),
    '{{7*7}}',
    '${jndi:ldap://x}',
  ),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.array(fc.integer(), { maxLength: 50 }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 8 }),
);

/** A schema-valid body turned malformed: a field dropped, retyped or added, or the whole body replaced. */
function mutatedBody(valid: Record<string, unknown> | undefined): fc.Arbitrary<string | undefined> {
  const base = valid ?? {};
  const keys = Object.keys(base);
  const retyped = keys.length === 0 ? fc.constant(base) : fc.record({ key: fc.constantFrom(...keys), value: hostileValue }).map(({ key, value }) => ({ ...base, [key]: value }));
  const dropped = keys.length === 0 ? fc.constant(base) : fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(base).filter(([name]) => name !== key)));
  const extra = fc
    .record({ key: fc.oneof(fc.string({ maxLength: 16 }), fc.constantFrom('__proto__', 'constructor', 'role', 'ownerId', 'isAdmin', 'id')), value: hostileValue })
    .map(({ key, value }) => ({ ...base, [key]: value }));
  return fc.oneof(
    retyped.map((body) => JSON.stringify(body)),
    dropped.map((body) => JSON.stringify(body)),
    extra.map((body) => JSON.stringify(body)),
    hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
    fc.string({ maxLength: 200 }),
    fc.constant(undefined),
    fc.constantFrom('{', '{"a":', '[1,2', '\u0000', '{"a":1}{"b":2}', `${'['.repeat(3000)}`),
  );
}

/** Percent-encodes the UTF-8 bytes of any text, lone surrogates included (encodeURIComponent throws on them). */
function encodeSegment(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

/** Path placeholders replaced by arbitrary (encoded) text. */
function mutatedPath(path: string): fc.Arbitrary<string> {
  const segments = path.split('/');
  const variable = segments
    .map((segment, index) => ({ segment, index }))
    .filter(
      ({ segment, index }) =>
        index > 1 &&
        segment !== '' &&
        !/^(api|auth|projects|services|admin|recovery|ai|jobs|studio|sessions|collaborators|conflicts|resolve|dawg|blocked-ips|restart|heartbeat|health|metrics|alerts|refresh|logout|login|register|generate-beat|session-templates|studio-assets|studio\.js)$/.test(
          segment,
        ),
    );
  if (variable.length === 0) return fc.constant(path);
  return fc
    .record({
      which: fc.constantFrom(...variable.map(({ index }) => index)),
      text: fc.oneof(
        fc.string({ maxLength: 80 }),
        hostileValue.map((value) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'))),
      ),
    })
    .map(({ which, text }) => {
      const copy = [...segments];
      copy[which] = encodeSegment(text) || '%20';
      return copy.join('/');
    });
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  'application/json; charset=utf-16',
];

/**
 * Malformed requests derived from each route's documented shape: its path with mutated
 * parameters, an optional hostile query, a mutated body, and an arbitrary content type and
 * credential (the caller's real token, none, or garbage).
 */
export function requestArbitrary(routes: readonly RouteSpec[], authorization: string): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...routes).chain((route) =>
    fc
      .record({
        path: mutatedPath(route.path),
        query: fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 40 }), { maxKeys: 3 }), { nil: undefined }),
        body: mutatedBody(route.body as Record<string, unknown> | undefined),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        auth: fc.constantFrom(authorization, '', 'Bearer x.y.z', 'Basic Zm9vOmJhcg=='),
        method: fc.oneof(
          { weight: 9, arbitrary: fc.constant(route.method) },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
        ),
      })
      .map(({ path, query, body, contentType, auth, method }) => {
        const search = query ? `?${new URLSearchParams(query).toString()}` : '';
        const headers: Record<string, string> = {};
        if (contentType && body !== undefined) headers['content-type'] = contentType;
        if (auth) headers.authorization = auth;
        return {
          route: `${route.method} ${route.path}`,
          method,
          path: `${path}${search}`,
          headers,
          ...(body !== undefined && method !== 'GET' && method !== 'HEAD' ? { body } : {}),
        };
      }),
  );
}
