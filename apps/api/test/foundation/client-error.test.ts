import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerClientError } from '../../src/http/client-error';
import { createTestApp, type TestApp } from '../support/app';

/** Writes raw bytes to the server and reads everything it answers until it closes the connection. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), head, body: JSON.parse(body) as unknown };
}

/** Requests Node's HTTP parser refuses before the app sees them, as the node server answers them. */
describe("requests refused by Node's HTTP parser", () => {
  let t: TestApp;
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp();
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    server.on('clientError', answerClientError);
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('answers a URL over 16 KB with 431 and the JSON error envelope', async () => {
    const answer = parse(await rawExchange(port, `GET /api/v1/issues?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(answer.status).toBe(431);
    expect(answer.head).toMatch(/content-type: application\/json/i);
    expect(answer.body).toEqual({ error: expect.stringContaining('16 KB'), code: 'headers_too_large' });
  });

  it('answers a malformed Content-Length with 400 and the JSON error envelope', async () => {
    const answer = parse(
      await rawExchange(port, 'POST /api/v1/issues HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12abc\r\n\r\n{}'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: expect.stringContaining('Content-Length'), code: 'malformed_request' });
  });
});
