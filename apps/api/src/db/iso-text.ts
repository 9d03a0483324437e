import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * A timestamptz read as the exact text `iso()` (domain/time.ts) makes of it, e.g.
 * `2026-11-22T20:19:50.836Z`, so a hot read builds no `Date` per value only to format it again.
 * `at time zone 'UTC'` makes it independent of the session's time zone; `MS` truncates the
 * microseconds, as parsing into a `Date` does (`.8369` reads `.836`, never `.837`); null stays null.
 * Years 0001–9999 only: beyond them `toISOString()` writes a signed six-digit year.
 */
export function isoText<T extends Column>(column: T): SQL<T['_']['notNull'] extends true ? string : string | null> {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
