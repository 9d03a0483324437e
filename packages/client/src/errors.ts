/** One failing field of a validation error, as the API's envelope reports it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The API answered with its error envelope `{ error, code, details? }`. */
export class LoopApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = 'LoopApiError';
  }
}

/** The server could not be reached at all (refused, DNS, timeout). */
export class LoopNetworkError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`Cannot reach the Loop API at ${url}: ${reason}`);
    this.name = 'LoopNetworkError';
  }
}

interface Envelope {
  error?: unknown;
  code?: unknown;
  details?: unknown;
}

/** Turns any non-2xx answer into a `LoopApiError`, reading the envelope when there is one. */
export function toApiError(status: number, body: unknown): LoopApiError {
  const envelope = (body && typeof body === 'object' ? body : {}) as Envelope;
  const message = typeof envelope.error === 'string' ? envelope.error : `HTTP ${status}`;
  const code = typeof envelope.code === 'string' ? envelope.code : `http_${status}`;
  const details = Array.isArray(envelope.details) ? (envelope.details as FieldProblem[]) : undefined;
  return new LoopApiError(status, code, message, details);
}
