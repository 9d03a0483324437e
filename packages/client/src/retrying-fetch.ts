import { LoopNetworkError } from './errors';

export interface RetryOptions {
  /** Extra attempts after the first, for requests that are safe to repeat only. */
  retries: number;
  /** Delay before the first retry; doubles each time, capped at 5 s (or the server's Retry-After). */
  baseDelayMs: number;
}

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** The claim changes state whatever its method (its GET form is a deprecated alias of the POST). */
const claimPath = /\/api\/v1\/dispatch\/next\/?$/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether sending the request twice has the effect of sending it once: an idempotent method, or any
 * request carrying an `Idempotency-Key` (the server answers a repeat with the first result). A claim
 * without its key is never repeated: a claim whose answer was lost may still have leased an issue.
 */
export function isSafeToRetry(request: Request): boolean {
  if (request.headers.has('idempotency-key')) return true;
  if (claimPath.test(new URL(request.url).pathname)) return false;
  return idempotentMethods.has(request.method);
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/**
 * A fetch that retries requests answered 503 (the API's "database unavailable") or lost to a
 * network error, with exponential backoff — only those `isSafeToRetry` allows: a POST that timed out
 * may have been applied.
 */
export function retryingFetch(inner: typeof fetch, options: RetryOptions): typeof fetch {
  return async function fetchWithRetry(input, init) {
    const request = new Request(input, init);
    const attempts = isSafeToRetry(request) ? options.retries + 1 : 1;
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
