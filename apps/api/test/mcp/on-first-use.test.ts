import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TEST_ROOT_KEY, type TestApp } from '../support/app';

const toolsList = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const mcpHeaders = {
  Authorization: `Bearer ${TEST_ROOT_KEY}`,
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
  'mcp-protocol-version': '2025-06-18',
};

/** `/mcp` imports the MCP server (and its SDK) on its first POST (ADR 0038): a failed import must still answer. */
describe('the /mcp endpoint when its server module fails to load', () => {
  let t: TestApp;
  beforeAll(async () => {
    vi.doMock('../../src/routes/mcp/server', () => {
      throw new Error('Cannot find module ./server');
    });
    t = await createTestApp();
  });
  afterAll(async () => {
    vi.doUnmock('../../src/routes/mcp/server');
    await t.close();
  });

  it('answers 500 with the error envelope, no stack and no module path, and keeps serving the API', async () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await t.app.request('/mcp', { method: 'POST', headers: mcpHeaders, body: JSON.stringify(toolsList) });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'Internal server error', code: 'internal_error' });
    } finally {
      stderr.mockRestore();
    }
    expect((await t.api.get('/api/v1/issues')).status).toBe(200);
  });
});
