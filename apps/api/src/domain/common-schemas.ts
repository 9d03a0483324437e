import { z } from '@hono/zod-openapi';

/**
 * Schema pieces every domain's schemas share. They live here, below the domains, so the domain
 * never depends on the HTTP layer (ADR 0031); the routes re-use them from here.
 */

/** A timestamp serialised as ISO 8601 UTC. */
export const isoTimestamp = z.string().openapi({ format: 'date-time', example: '2026-11-22T15:04:05.000Z' });

/** An issue reference in a body: its id, its number, or its number as a numeric string. */
export const IssueRefSchema = z
  .union([z.string().min(1), z.number().int().positive()])
  .openapi({ description: 'An issue id, or its number', example: 42 });

/** An integer query parameter: anything but an integer within range (an empty value included) is a 422. */
export const integerQuery = (min: number, max: number, fallback?: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const parsed = Number(value);
      if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
        ctx.addIssue({ code: 'custom', message: `must be an integer from ${min} to ${max}` });
        return z.NEVER;
      }
      return parsed;
    })
    .openapi({ type: 'integer', minimum: min, maximum: max, ...(fallback === undefined ? {} : { default: fallback }) });

export const paginationQuery = {
  limit: integerQuery(1, 200, 50) as z.ZodType<number, string | undefined>,
  offset: integerQuery(0, 2_147_483_647, 0) as z.ZodType<number, string | undefined>,
};

/**
 * `cursor`: where a page starts, as `nextCursor` of the page before (ADR 0036). Opaque; a cursor
 * names its list and sort order, and it does not combine with a non-zero `offset` (422 naming `cursor`).
 */
export const cursorPaginationQuery = {
  ...paginationQuery,
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .openapi({
      description:
        "The previous page's `nextCursor`: the page after it, stable while rows are inserted. " +
        'Prefer it to a deep `offset`, which reads every skipped row. Not with a non-zero `offset`.',
      example: 'WyJpc3N1ZXM6LWNyZWF0ZWRBdCIsIjIwMjYtMTEtMjJUMTU6MDQ6MDUuMDAwMDAwWiIsInR6NGE5OHh4YXQ5Nml3czl6bWJyZ2ozYSJd',
    }),
};

/** The window of a list a domain function returns (`limit`/`offset` from `paginationQuery`). */
export interface Page {
  limit: number;
  offset: number;
}
