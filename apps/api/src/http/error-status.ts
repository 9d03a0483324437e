import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../domain/errors';

/** The single table from error code to HTTP status; `onError` and the OpenAPI document both read it. */
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
