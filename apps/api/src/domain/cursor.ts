import { type SQL, sql } from 'drizzle-orm';
import { invalidField } from './errors';

/**
 * Keyset pagination (ADR 0036). A cursor is the sort key of the last row of a page, with the list it
 * belongs to, as base64url JSON: opaque to clients, checked on the way back in. The next page is the
 * rows strictly after that key in the list's own order, so rows inserted between two requests shift
 * no page, and a deep page is an index seek instead of a walk over every skipped row.
 *
 * Instants are kept as microsecond ISO text (`cursorTimeSql`), the database's own precision: a
 * millisecond `Date` would make a cursor fall between rows stored in the same millisecond.
 */

/** What each position of a cursor's key holds. */
export type CursorPart = 'time' | 'int' | 'text';
export type CursorKey = (string | number)[];

/** The parameter as it arrives: `cursor` with the page's `offset`. */
export interface CursorInput {
  cursor?: string | undefined;
  offset: number;
}

const microIso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A timestamptz as the text a cursor stores, e.g. `2026-11-22T20:19:50.836123Z`, in any session time zone. */
export const cursorTimeSql = (column: SQL): SQL<string> =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

const badCursor = (message: string) => invalidField('cursor', message);

/**
 * The key of a cursor made for `list`, or null without one. A cursor from another list (or another
 * sort of the same list), a tampered one, and a cursor sent with a non-zero `offset` are 422s naming
 * `cursor`: a cursor already says where the page starts.
 */
export function decodeCursor(input: CursorInput, list: string, parts: readonly CursorPart[]): CursorKey | null {
  if (input.cursor === undefined) return null;
  if (input.offset !== 0) throw badCursor('cannot be combined with offset; send one or the other');
  let decoded: unknown;
  try {
    decoded = /^[A-Za-z0-9_-]+$/.test(input.cursor) ? JSON.parse(Buffer.from(input.cursor, 'base64url').toString('utf8')) : undefined;
  } catch {
    decoded = undefined;
  }
  if (!Array.isArray(decoded) || decoded.length !== parts.length + 1) throw badCursor('not a cursor this API issued');
  if (decoded[0] !== list) throw badCursor('issued for another list or sort order; start again without a cursor');
  const key = decoded.slice(1) as unknown[];
  parts.forEach((part, index) => {
    const value = key[index];
    const valid =
      part === 'int'
        ? Number.isSafeInteger(value)
        : typeof value === 'string' &&
          value.length > 0 &&
          value.length <= 200 &&
          (part === 'text' || (microIso.test(value) && !Number.isNaN(Date.parse(value))));
    if (!valid) throw badCursor('not a cursor this API issued');
  });
  return key as CursorKey;
}

/**
 * The page size and whether a further page exists: a list reads one row more than the page and
 * makes a `nextCursor` from the last row kept only when that row existed.
 */
export function pageRows<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey, list: string) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last !== undefined ? encodeCursor(list, keyOf(last)) : null };
}
