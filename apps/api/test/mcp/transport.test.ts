import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';
import { listen, mcpClient } from '../support/mcp';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
};
const mcpHeaders = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

describe('the /mcp endpoint', () => {
  let t: TestApp;
  let server: Awaited<ReturnType<typeof listen>>;
  const limit = 4096;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOOP_BODY_LIMIT_BYTES: String(limit) } });
    server = await listen(t);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  const post = (body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${TEST_ROOT_KEY}` }) =>
    fetch(`${server.url}/mcp`, { method: 'POST', headers: { ...mcpHeaders, ...headers }, body: JSON.stringify(body) });

  it.each([
    ['no key', {}],
    ['a wrong key', { Authorization: 'Bearer loop_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }],
    ['a malformed header', { Authorization: `Basic ${TEST_ROOT_KEY}` }],
  ])('answers 401 with a Bearer challenge and the error envelope for %s', async (_case, headers) => {
    const response = await post(initialize, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    expect(await response.json()).toEqual({ error: expect.any(String), code: 'unauthorized' });
  });

  it('refuses the SDK client a connection without a valid key', async () => {
    await expect(mcpClient(server.url, null)).rejects.toThrow(/401|Unauthorized/i);
    await expect(mcpClient(server.url, 'loop_wrong')).rejects.toThrow(/401|Unauthorized/i);
  });

  it('answers an initialize with a JSON response and no session (stateless)', async () => {
    const response = await post(initialize);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    const body = (await response.json()) as any;
    expect(body.result).toMatchObject({ serverInfo: { name: 'loop' }, capabilities: { tools: {} } });
  });

  it('serves a tools/list without an initialize first: any instance can answer any request', async () => {
    const response = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, {
      Authorization: `Bearer ${TEST_ROOT_KEY}`,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).result.tools.length).toBeGreaterThan(5);
  });

  it('answers 413 with the envelope to a body over LOOP_BODY_LIMIT_BYTES', async () => {
    const call = { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'create_issue', arguments: { title: 'x'.repeat(limit), type: 'task' } } };
    const response = await post(call, { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'mcp-protocol-version': '2025-06-18' });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
    expect((await t.api.get('/api/v1/issues')).body.total).toBe(0);
  });

  it('holds a call to the input rules of /api/v1: a NUL in an argument is a 422 naming it, nothing written', async () => {
    const call = { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'create_issue', arguments: { title: 'a\u0000b', type: 'task' } } };
    const response = await post(call, { Authorization: `Bearer ${TEST_ROOT_KEY}`, 'mcp-protocol-version': '2025-06-18' });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'validation_failed', details: [{ field: 'params.arguments.title' }] });
    expect((await t.api.get('/api/v1/issues')).body.total).toBe(0);
  });

  it('refuses a body nested deeper than the limit with 422 before parsing it', async () => {
    const deep = '['.repeat(1_000) + ']'.repeat(1_000); // 2,000 bytes, under this app's 4 KiB limit
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...mcpHeaders, Authorization: `Bearer ${TEST_ROOT_KEY}` },
      body: deep,
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('answers an empty body with a JSON-RPC parse error, not a 500', async () => {
    const response = await fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { ...mcpHeaders, Authorization: `Bearer ${TEST_ROOT_KEY}` },
      body: '',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });

  it('answers 405 to GET and DELETE: there is no session stream to open or end', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${server.url}/mcp`, { method, headers: { Authorization: `Bearer ${TEST_ROOT_KEY}`, Accept: 'text/event-stream' } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });
});
