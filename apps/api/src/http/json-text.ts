import { LoopError } from '../domain/errors';

/**
 * The deepest a JSON body may nest arrays and objects (ADR 0022). Nothing Loop accepts comes near
 * it; it exists so that no recursive step (zod, JSON.stringify, PostgreSQL's jsonb) meets a body
 * deep enough to exhaust its stack.
 */
export const maxJsonDepth = 64;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes a body's bytes; bytes that are not UTF-8 are refused, never replaced. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new LoopError('malformed_json', 'Malformed JSON in request body: not valid UTF-8');
  }
}

/**
 * Whether JSON text nests arrays and objects deeper than `limit`. One pass over the characters
 * with a counter — no recursion, so the check cannot overflow on the bodies it exists to stop.
 * Brackets inside strings do not count; malformed text is left for the parser to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22 /* " */) {
      // Skip the string: to its closing quote, stepping over escaped characters.
      for (index++; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === 0x5c /* \ */) index++;
        else if (inner === 0x22) break;
      }
    } else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

export const tooDeep = () =>
  new LoopError('validation_failed', `Request body nests deeper than ${maxJsonDepth} levels`, [
    { field: '(root)', message: `nested deeper than the limit of ${maxJsonDepth} levels` },
  ]);

/** Parses JSON text after refusing what nests too deep: 422 for depth, 400 for malformed JSON. */
export function parseJsonText(text: string): unknown {
  if (nestsDeeperThan(text, maxJsonDepth)) throw tooDeep();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new LoopError('malformed_json', 'Malformed JSON in request body');
  }
}
