/**
 * The methods whose requests carry a body the API reads. The body middleware (limit, JSON check) looks
 * at these only, and the OpenAPI document lists 413 and 415 on these only: a GET or DELETE body is
 * never read, so it can be neither too large nor of the wrong type.
 */
export const bodyMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);

/** A JSON media type: `application/json` or any `application/*+json`, with or without parameters. */
export const jsonType = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

/**
 * Whether a body may follow that the API would read: its length or encoding is declared, or it is
 * typed JSON (in-process requests, `app.request()` and a platform's `Request`, may declare neither).
 * Over HTTP/1.1 a request that declares neither has no body at all (RFC 9112, 6.3).
 */
export function mayCarryBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length !== '0') || jsonType.test(headers.get('content-type') ?? '');
}
