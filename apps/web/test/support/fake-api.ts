export const GOOD_KEY = 'loop_good_key';

type Handler = (request: Request) => unknown;

export interface FakeApi {
  fetch: typeof fetch;
  /** Every request received, in order. */
  requests: Request[];
  /** Answers this method + path (no query) with a body, or a `Handler` of the request. */
  on(method: string, path: string, body: unknown, status?: number): FakeApi;
  /** From now on the key is refused everywhere, as after `DELETE /api-keys/{id}`. */
  revoke(): void;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/**
 * A stand-in for the Loop API at the fetch boundary: it checks the bearer key like the real auth
 * wall (401 with the error envelope) and answers the routes a test declares.
 */
export function fakeApi(): FakeApi {
  const routes = new Map<string, { body: unknown; status: number }>();
  let revoked = false;
  const requests: Request[] = [];
  const api: FakeApi = {
    requests,
    on(method, path, body, status = 200) {
      routes.set(`${method} ${path}`, { body, status });
      return api;
    },
    revoke() {
      revoked = true;
    },
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      requests.push(request);
      if (revoked || request.headers.get('authorization') !== `Bearer ${GOOD_KEY}`) {
        return json({ error: 'Missing, unknown or revoked API key', code: 'unauthorized' }, 401);
      }
      const route = routes.get(`${request.method} ${new URL(request.url).pathname}`);
      if (!route) return json({ error: 'Not found', code: 'not_found' }, 404);
      const body = typeof route.body === 'function' ? await (route.body as Handler)(request) : route.body;
      return route.status === 204 ? new Response(null, { status: 204 }) : json(body, route.status);
    },
  };
  api.on('GET', '/api/v1/labels', { data: [], total: 0, limit: 1, offset: 0 });
  return api;
}
