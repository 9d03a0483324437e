import { type AddressInfo, connect } from 'node:net';
import { request } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';

/** One raw HTTP/1.1 exchange: `chunks` are written one by one (chunked unless a length is given). */
function exchange(url: string, method: string, headers: Record<string, string>, chunks: string[] = []) {
  return new Promise<{ status: number; body: { code?: string; data?: { title?: string } } }>((resolve, reject) => {
    const req = request(url, { method, headers: { authorization: `Bearer ${TEST_ROOT_KEY}`, ...headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : {} }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/**
 * A request written byte for byte, as an agent's HTTP client may send a POST without a body: no
 * Content-Length and no Transfer-Encoding (node:http's client always adds one of the two).
 */
function rawExchange(url: string, head: string) {
  const { hostname, port } = new URL(url);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]), text }));
    socket.on('error', reject);
  });
}

/**
 * Request bodies as `npm start` receives them: through @hono/node-server from a socket, where the
 * body limit reads the declared length or counts the stream (the in-memory `app.request()` of the
 * other tests never builds a request from a socket).
 */
describe('request bodies over real HTTP', () => {
  let t: TestApp;
  let server: ServerType;
  let url: string;
  const limit = 2048;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOOP_BODY_LIMIT_BYTES: String(limit) } });
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/issues`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const json = { 'content-type': 'application/json' };
  const body = (title: string) => JSON.stringify({ title, type: 'task' });

  it('reads a body sent with its Content-Length', async () => {
    const text = body('Sent whole');
    const response = await exchange(url, 'POST', { ...json, 'content-length': String(Buffer.byteLength(text)) }, [text]);
    expect(response.status).toBe(201);
    expect(response.body.data?.title).toBe('Sent whole');
  });

  it('reads a body streamed in chunks, without a length', async () => {
    const text = body('Sent in chunks');
    const response = await exchange(url, 'POST', json, [text.slice(0, 10), text.slice(10)]);
    expect(response.status).toBe(201);
    expect(response.body.data?.title).toBe('Sent in chunks');
  });

  it('answers a POST that declares no body at all, as a claim is sent', async () => {
    const { origin, host } = new URL(url);
    const head = (path: string) => `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${TEST_ROOT_KEY}`;
    const created = await t.api.post('/api/v1/issues', { title: 'Ready to claim', type: 'task', status: 'todo' });
    const claim = await rawExchange(origin, head('/api/v1/dispatch/next'));
    expect(claim.status).toBe(200);
    expect(claim.text).toContain(created.body.data.id);
    // A route that needs a body still says so, in its own words.
    const bodiless = await rawExchange(origin, head('/api/v1/issues'));
    expect(bodiless.status).toBe(422);
  });

  it('answers 413 to a declared length over the limit, and to a stream that grows past it', async () => {
    const total = async () => (await t.api.get('/api/v1/issues')).body.total as number;
    const before = await total();
    const big = body('x'.repeat(limit));
    const declared = await exchange(url, 'POST', { ...json, 'content-length': String(Buffer.byteLength(big)) }, [big]);
    expect(declared).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    const streamed = await exchange(url, 'POST', json, [big.slice(0, 1000), big.slice(1000)]);
    expect(streamed).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    expect(await total()).toBe(before);
  });
});
