import { Hono } from 'hono';
import type { AppEnv } from '../../http/app-env';
import { onFirstUse } from '../../on-first-use';

/** Where the MCP endpoint is served, behind the same bearer wall as `/api/v1`. */
export const mcpPath = '/mcp';

/** JSON-RPC's shape for a refusal outside any request, as the transport itself answers them. */
const methodNotAllowed = { jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: send JSON-RPC with POST' }, id: null };

const loadServer = onFirstUse(() => import('./server'));

/**
 * `/mcp`, stateless (server.ts). The MCP SDK is the largest module the app imports, and most instances
 * never see an MCP call: it is imported by the first POST (ADR 0038). With no session there is no stream
 * to open (GET) or end (DELETE): 405, as the transport's specification allows.
 */
export const mcpRoutes = new Hono<AppEnv>()
  .post(mcpPath, async (c) => (await loadServer()).answerMcp(c))
  .on(['GET', 'DELETE'], mcpPath, (c) => c.json(methodNotAllowed, 405, { Allow: 'POST' }));
