import { LoopNetworkError } from './errors';

export interface RetryOptions {
  /** Extra attempts after the first, for idempotent requests only. */
  retries: number;
  /** Delay before the first retry; doubles each time, capped at 5 s (or the server's Retry-After). */
  baseDelayMs: number;
}

const idempotent = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** `/dispatch/next` claims whatever its method (GET is its deprecated alias): never safe to repeat as such. */
const isClaim = (request: Request) => new URL(request.url).pathname.endsWith('/api/v1/dispatch/next');

/**
 * The request as it will be sent, every attempt alike: a claim without an Idempotency-Key gets one,
 * so that a retry answers the same claim instead of claiming a second issue (ADR 0020).
 */
function withClaimKey(request: Request): Request {
  if (!isClaim(request) || request.headers.has('Idempotency-Key')) return request;
  const headers = new Headers(request.headers);
  headers.set('Idempotency-Key', crypto.randomUUID());
  return new Request(request, { headers });
}

/** Safe to send again: an idempotent method that is not a claim, or anything carrying an Idempotency-Key. */
const retriable = (request: Request) =>
  request.headers.has('Idempotency-Key') || (idempotent.has(request.method) && !isClaim(request));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * A fetch that retries idempotent requests answered 503 (the API's "database unavailable") or lost
 * to a network error, with exponential backoff. Non-idempotent requests are never repeated: a POST
 * that timed out may have been applied. A claim is repeated only with its Idempotency-Key (one is
 * added when the caller sent none), which makes the repeat answer the same claim.
 */
export function retryingFetch(inner: typeof fetch, options: RetryOptions): typeof fetch {
  return async function fetchWithRetry(input, init) {
    const request = withClaimKey(new Request(input, init));
    const attempts = retriable(request) ? options.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      const delay = Math.min(options.baseDelayMs * 2 ** (attempt - 1), 5_000);
      let response: Response;
      try {
        response = await inner(request.clone());
      } catch (error) {
        if (attempt >= attempts) {
          const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
          throw new LoopNetworkError(new URL(request.url).origin, reason);
        }
        await sleep(delay);
        continue;
      }
      if (response.status !== 503 || attempt >= attempts) return response;
      await sleep(Math.min(retryAfterMs(response) ?? delay, 5_000));
    }
  };
}
