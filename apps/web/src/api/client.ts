import { createLoopClient, type LoopClient } from '@loop/client';

export interface ClientOptions {
  apiKey: string;
  /** Called when any answer is 401: the key is wrong or was revoked. */
  onUnauthorized: () => void;
  fetch?: typeof fetch;
}

/**
 * The typed client for the browser: same origin as the page (Loop serves the dashboard beside the
 * API; `vite dev` proxies /api), the bearer key from storage, and one place that notices a 401.
 */
export function browserClient(options: ClientOptions): LoopClient {
  const inner = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const watching: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    if (response.status === 401) options.onUnauthorized();
    return response;
  };
  return createLoopClient({ baseUrl: window.location.origin, apiKey: options.apiKey, fetch: watching, retries: 1 });
}
