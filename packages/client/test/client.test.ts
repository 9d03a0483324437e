import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoopClient, LoopApiError, LoopNetworkError, unwrap } from '../src';

/** A stand-in server whose answers each test scripts, recording what the client sent. */
function scriptedServer() {
  const seen: IncomingMessage[] = [];
  let answers: { status: number; body: unknown }[] = [];
  const server: Server = createServer((request, response) => {
    seen.push(request);
    const answer = answers.shift() ?? { status: 200, body: { data: [], total: 0, limit: 50, offset: 0 } };
    response.writeHead(answer.status, { 'Content-Type': 'application/json', 'Retry-After': '0' });
    response.end(JSON.stringify(answer.body));
  });
  return {
    seen,
    script: (next: typeof answers) => {
      answers = next;
      seen.length = 0;
    },
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('createLoopClient', () => {
  const server = scriptedServer();
  let url: string;
  beforeAll(async () => {
    url = await server.listen();
  });
  afterAll(() => server.close());

  it('sends the bearer key to the base URL (a trailing slash is fine)', async () => {
    server.script([{ status: 200, body: { data: [], total: 0, limit: 50, offset: 0 } }]);
    const client = createLoopClient({ baseUrl: `${url}/`, apiKey: 'loop_secret-for-test' });
    const page = await unwrap(client.GET('/api/v1/issues', { params: { query: { limit: 5 } } }));
    expect(page.total).toBe(0);
    expect(server.seen[0]!.url).toBe('/api/v1/issues?limit=5');
    expect(server.seen[0]!.headers.authorization).toBe('Bearer loop_secret-for-test');
  });

  it('turns the error envelope into a typed LoopApiError', async () => {
    server.script([
      { status: 422, body: { error: 'Invalid request body: title: required', code: 'validation_failed', details: [{ field: 'title', message: 'required' }] } },
    ]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 0 });
    const error = await unwrap(client.POST('/api/v1/issues', { body: { title: '', type: 'task' } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoopApiError);
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', details: [{ field: 'title', message: 'required' }] });
  });

  it('retries idempotent requests answered 503, with backoff', async () => {
    server.script([
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 200, body: { data: [], total: 7, limit: 50, offset: 0 } },
    ]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 2, retryDelayMs: 1 });
    const page = await unwrap(client.GET('/api/v1/issues'));
    expect(page.total).toBe(7);
    expect(server.seen).toHaveLength(3);
  });

  it('never repeats a POST', async () => {
    server.script([
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 201, body: { data: {} } },
    ]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 3, retryDelayMs: 1 });
    const error = await unwrap(client.POST('/api/v1/issues', { body: { title: 'x', type: 'task' } })).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(server.seen).toHaveLength(1);
  });

  it('repeats a POST that carries an Idempotency-Key, which makes the repeat harmless', async () => {
    server.script([
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 201, body: { data: { id: 'x' } } },
    ]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 3, retryDelayMs: 1 });
    await unwrap(client.POST('/api/v1/issues', { body: { title: 'x', type: 'task' }, headers: { 'Idempotency-Key': 'claim-1' } }));
    expect(server.seen).toHaveLength(2);
    expect(server.seen.map((request) => request.headers['idempotency-key'])).toEqual(['claim-1', 'claim-1']);
  });

  it('sends every claim with an Idempotency-Key and retries it with that same key', async () => {
    server.script([
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 200, body: { data: { claimed: true } } },
    ]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 2, retryDelayMs: 1 });
    const { response } = await client.POST('/api/v1/dispatch/next', { params: { query: {} } });
    expect(response.status).toBe(200);
    expect(server.seen).toHaveLength(3);
    const keys = server.seen.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
  });

  it("keeps the caller's own Idempotency-Key, and a fresh key for each claim", async () => {
    server.script([{ status: 204, body: null }, { status: 204, body: null }, { status: 204, body: null }]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 0 });
    await client.POST('/api/v1/dispatch/next', { params: { query: {}, header: { 'idempotency-key': 'my-claim-1' } } });
    await client.POST('/api/v1/dispatch/next', { params: { query: {} } });
    await client.POST('/api/v1/dispatch/next', { params: { query: {} } });
    const keys = server.seen.map((request) => request.headers['idempotency-key']);
    expect(keys[0]).toBe('my-claim-1');
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('never retries the deprecated GET claim without a key: it gets one like the POST', async () => {
    server.script([
      { status: 503, body: { error: 'down', code: 'database_unavailable' } },
      { status: 204, body: null },
    ]);
    const client = createLoopClient({ baseUrl: url, apiKey: 'k', retries: 1, retryDelayMs: 1 });
    await client.GET('/api/v1/dispatch/next', { params: { query: {} } });
    expect(server.seen).toHaveLength(2);
    expect(server.seen[0]!.headers['idempotency-key']).toEqual(expect.any(String));
    expect(server.seen[1]!.headers['idempotency-key']).toBe(server.seen[0]!.headers['idempotency-key']);
  });

  it('reports an unreachable server as a LoopNetworkError naming its URL', async () => {
    const client = createLoopClient({ baseUrl: 'http://127.0.0.1:9', retries: 1, retryDelayMs: 1 });
    const error = await unwrap(client.GET('/health')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoopNetworkError);
    expect((error as LoopNetworkError).url).toBe('http://127.0.0.1:9');
  });
});
