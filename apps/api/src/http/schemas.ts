import { z } from '@hono/zod-openapi';
import { errorCodes } from '../domain/errors';
import { type ErrorStatus, statusDescriptions } from './error-status';

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

/** Spread into a route's `responses` so the document lists the same envelope `onError` produces. */
export function errorResponses<const S extends ErrorStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: statusDescriptions[status],
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
