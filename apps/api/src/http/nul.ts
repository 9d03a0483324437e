import { LoopError } from '../domain/errors';

/**
 * U+0000 cannot be stored by PostgreSQL (neither `text` nor `jsonb` holds it), so the API refuses it
 * in every input (ADR 0022) and webhooks replace it. These helpers find or replace it in parsed
 * JSON without recursion.
 */
const nul = '\u0000';
const replacement = '\ufffd';

export const containsNul = (text: string) => text.includes(nul);

/** A cheap test on JSON text: without the escape `\u0000` (a raw NUL is invalid JSON) no value holds one. */
export const mayEncodeNul = (jsonText: string) => jsonText.includes('\\u0000');

/** How a name holding a NUL appears in an error: with the NUL shown as `\u0000`, never written raw. */
export const showNul = (name: string) => name.replaceAll(nul, '\\u0000');

const nulMessage = 'must not contain the NUL character (U+0000)';

/** The 422 for a NUL, naming the field or parameter (bare, as zod's failures name them). */
export const nulRefused = (where: string, field: string) =>
  new LoopError('validation_failed', `Invalid ${where}: ${field}: ${nulMessage}`, [{ field, message: nulMessage }]);

/** The dotted path (`payload.a.0`) of the first key or string holding a NUL, if any. */
export function findNul(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, path] = next;
    if (typeof current === 'string') {
      if (containsNul(current)) return path || '(root)';
    } else if (current !== null && typeof current === 'object') {
      for (const [key, member] of Object.entries(current)) {
        const memberPath = path ? `${path}.${showNul(key)}` : showNul(key);
        if (containsNul(key)) return memberPath;
        pending.push([member, memberPath]);
      }
    }
  }
  return undefined;
}

/** A copy of parsed JSON with every NUL, in keys and strings, replaced by U+FFFD. */
export function replaceNul(value: unknown): unknown {
  const clean = (text: string) => text.replaceAll(nul, replacement);
  const root: { value?: unknown } = {};
  const pending: [unknown, Record<string, unknown> | unknown[], string | number][] = [[value, root, 'value']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [current, parent, slot] = next;
    let copy: unknown = current;
    if (typeof current === 'string') {
      copy = clean(current);
    } else if (Array.isArray(current)) {
      const array: unknown[] = new Array(current.length);
      current.forEach((member, index) => pending.push([member, array, index]));
      copy = array;
    } else if (current !== null && typeof current === 'object') {
      const object: Record<string, unknown> = {};
      for (const [key, member] of Object.entries(current)) pending.push([member, object, clean(key)]);
      copy = object;
    }
    // defineProperty, not assignment: a `__proto__` key must stay a key, as JSON.parse made it.
    Object.defineProperty(parent, slot, { value: copy, enumerable: true, writable: true, configurable: true });
  }
  return root.value;
}
