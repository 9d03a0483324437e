import { z } from '@hono/zod-openapi';
import { errorCodes } from '../domain/errors';
import { type errorStatus } from './error-status';

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ description: 'A human-readable message', example: 'title: required' }),
    code: z.enum(errorCodes).openapi({ description: 'A machine-readable code', example: 'validation_failed' }),
    details: z
      .array(z.object({ field: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'For validation errors: each failing field and why' }),
  })
  .openapi('Error');

const statusDescriptions: Record<number, string> = {
  400: 'Malformed JSON',
  401: 'Missing, unknown or revoked credentials',
  403: "Forbidden for this key's role",
  404: 'Not found (unknown or deleted)',
  406: 'The Accept header admits no JSON',
  409: 'Conflict with existing data, or `lease_lost`: the dispatch named is not the open claim',
  413: 'Body larger than the limit',
  415: 'Body is not JSON',
  422: 'Validation failed',
  500: 'Unexpected error',
  503: 'Unavailable (database down or provider secret not configured)',
};

type ErrorStatusCode = (typeof errorStatus)[keyof typeof errorStatus];

/** Spread into a route's `responses` so the document lists the same envelope `onError` produces. */
export function errorResponses<const S extends ErrorStatusCode>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: statusDescriptions[status] ?? 'Error',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    ]),
  ) as Record<S, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }>;
}

/**
 * The errors every authenticated route can answer, besides its own. The ones that depend on the
 * request's shape — 400, 413 and 415 for a body, 422 for any input — are added by the document's
 * completion from the operation's method, body and parameters (`openapi/complete-responses.ts`).
 */
export const commonErrors = [401, 500, 503] as const;

/** A required JSON request body. (Required matters: an optional body skips validation on a wrong content type.) */
export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const itemEnvelope = <T extends z.ZodType>(item: T) => z.object({ data: item });

export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    total: z.number().int().openapi({ description: 'Size of the whole filtered set' }),
    limit: z.number().int(),
    offset: z.number().int(),
  });

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

export interface Page {
  limit: number;
  offset: number;
}

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

/** A list that pages by cursor too: `nextCursor` continues it, null on the last page. */
export const cursorListEnvelope = <T extends z.ZodType>(item: T) =>
  listEnvelope(item).extend({
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  });

export const idParam = z.object({
  id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' }, example: 'tz4a98xxat96iws9zmbrgj3a' }),
});

/** A nullable timestamp serialised as ISO 8601 UTC. */
export const isoTimestamp = z.string().openapi({ format: 'date-time', example: '2026-11-22T15:04:05.000Z' });
