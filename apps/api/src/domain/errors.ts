/**
 * The domain's errors carry a machine `code`; the HTTP layer derives the status from that code in
 * one table (`errorStatus`), so a domain function never thinks in HTTP.
 */
export const errorCodes = [
  'malformed_json',
  'malformed_request',
  'unauthorized',
  'forbidden',
  'invalid_signature',
  'not_found',
  'not_acceptable',
  'conflict',
  'lease_lost',
  'request_timeout',
  'payload_too_large',
  'headers_too_large',
  'unsupported_media_type',
  'validation_failed',
  'invalid_reference',
  'hierarchy_violation',
  'webhook_not_configured',
  'database_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** One failing field: `field` is a dotted path into the request (`labelIds.1`, `query.limit`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export class LoopError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = 'LoopError';
  }
}

export const notFound = (resource: string, ref: string | number) =>
  new LoopError('not_found', `${resource} ${JSON.stringify(String(ref))} not found`);

/** A reference in a request body to a row that does not exist (or is deleted): 422 naming the field. */
export const invalidReference = (field: string, resource: string, ref: string | number) => {
  const message = `${field}: ${resource} ${JSON.stringify(String(ref))} does not exist`;
  return new LoopError('invalid_reference', message, [{ field, message }]);
};

export const invalidField = (field: string, message: string) =>
  new LoopError('validation_failed', `${field}: ${message}`, [{ field, message }]);

export const conflict = (message: string) => new LoopError('conflict', message);
