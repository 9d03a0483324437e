/**
 * The methods whose requests carry a body the API reads. The body middleware (limit, JSON check) looks
 * at these only, and the OpenAPI document lists 413 and 415 on these only: a GET or DELETE body is
 * never read, so it can be neither too large nor of the wrong type.
 */
export const bodyMethods: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH']);
