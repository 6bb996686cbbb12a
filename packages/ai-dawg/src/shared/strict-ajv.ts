/**
 * Fastify's default Ajv silently strips unknown properties; ours rejects them (an unexpected
 * field is a client bug or a probe, and either deserves a 400) and does not coerce arrays.
 */
export const STRICT_AJV = { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } } as const;
