import createClient from 'openapi-fetch';
import { toApiError } from './errors';
import { retryingFetch } from './retrying-fetch';
import type { paths } from './schema.generated';

export type { components, operations, paths } from './schema.generated';
export { LoopApiError, LoopNetworkError, type FieldProblem } from './errors';

export interface LoopClientOptions {
  /** Base URL of the deployment, e.g. http://localhost:4242 (no /api/v1). */
  baseUrl: string;
  /** A bearer key (`loop_…`); omitted for public routes only. */
  apiKey?: string | undefined;
  fetch?: typeof fetch;
  /** Retries on 503 or network errors, of requests safe to repeat: idempotent ones, or any with an Idempotency-Key (default 2). */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * The typed client: `openapi-fetch` over the generated `paths`, plus what a generator cannot know —
 * the base URL, the bearer key and retries. Pair calls with `unwrap` to get data or a `LoopApiError`.
 */
export function createLoopClient(options: LoopClientOptions) {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers,
    fetch: retryingFetch(options.fetch ?? globalThis.fetch, {
      retries: options.retries ?? 2,
      baseDelayMs: options.retryDelayMs ?? 250,
    }),
  });
}

export type LoopClient = ReturnType<typeof createLoopClient>;

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves to the response data, or throws the API's error envelope as a `LoopApiError`. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}
