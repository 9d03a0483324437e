import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../domain/errors';

/**
 * The single table from error code to HTTP status. `onError` answers from it, and the OpenAPI
 * document describes each route's errors from it (`errorResponses`, `completeResponses`), so what
 * is documented and what is answered cannot drift apart.
 */
export const errorStatus = {
  malformed_json: 400,
  malformed_request: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  not_acceptable: 406,
  conflict: 409,
  lease_lost: 409,
  request_timeout: 408,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  validation_failed: 422,
  invalid_reference: 422,
  hierarchy_violation: 422,
  internal_error: 500,
  webhook_not_configured: 503,
  database_unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export type ErrorStatus = (typeof errorStatus)[ErrorCode];

/** What each status of the table tells a client; the OpenAPI document's only wording for an error. */
export const statusDescriptions: Record<ErrorStatus, string> = {
  400: 'Malformed JSON',
  401: 'Missing, unknown or revoked credentials (on a webhook: a signature that does not verify)',
  403: "Forbidden for this key's role",
  404: 'Not found (unknown or deleted)',
  406: 'The Accept header admits no JSON',
  408: 'The request was not received in time',
  409: 'Conflict with existing data, or `lease_lost`: the dispatch named is not the open claim',
  413: 'Body larger than the limit (LOOP_BODY_LIMIT_BYTES)',
  415: 'Body is not JSON',
  422: 'Validation failed',
  431: 'Request line and headers larger than the limit',
  500: 'Unexpected error',
  503: 'Unavailable: the database is down (retry after the delay in Retry-After), or a webhook provider has no secret configured',
};

interface ErrorHeader {
  value: string;
  /** How the OpenAPI document describes the header. */
  description: string;
}

/** Headers that go with a code's answer whoever raised it; `onError` sends them, the document lists them. */
export const errorHeaders: Partial<Record<ErrorCode, Record<string, ErrorHeader>>> = {
  unauthorized: { 'WWW-Authenticate': { value: 'Bearer realm="loop"', description: 'The bearer challenge: `Bearer realm="loop"`' } },
  database_unavailable: { 'Retry-After': { value: '5', description: 'Seconds to wait before retrying' } },
};
