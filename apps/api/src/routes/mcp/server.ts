import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Context } from 'hono';
import packageJson from '../../../package.json';
import type { AppEnv } from '../../http/app-env';
import { callTool, hasTool, listTools } from './registry';
import type { ToolContext } from './tool';

const instructions =
  'Loop turns signals into prioritised issues and hands them to agents with a versioned prompt. To work: ' +
  'claim_next_issue, follow its prompt, heartbeat before leaseExpiresAt on long work, add_comment for progress, ' +
  'report_outcome with a summary, then review_prompt. Errors are tool results with {error, code, details}.';

/**
 * An MCP server for one request: the protocol's low-level `Server`, so that tools/list serves the
 * schemas rendered by our OpenAPI generator and tools/call answers our error envelope (the high-level
 * `McpServer` would validate with its own messages). Stateless: nothing outlives the request.
 */
function mcpServer(ctx: ToolContext): Server {
  const server = new Server({ name: 'loop', version: packageJson.version }, { capabilities: { tools: {} }, instructions });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: listTools() }));
  server.setRequestHandler(CallToolRequestSchema, ({ params }) => {
    // An unknown tool is the caller's protocol mistake, not a tool failure.
    if (!hasTool(params.name)) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${params.name}`);
    return callTool(ctx, params.name, params.arguments);
  });
  return server;
}

/**
 * One POST to `/mcp`: the Streamable HTTP transport in stateless JSON mode. Every POST carries its own
 * JSON-RPC and gets its answer as one JSON response, so any instance (a Vercel Function, a node behind a
 * balancer) can serve any request.
 */
export async function answerMcp(c: Context<AppEnv>): Promise<Response> {
  const { db, env, clock } = c.var;
  const ctx: ToolContext = {
    db,
    env,
    clock,
    apiKeyId: c.var.apiKeyId!,
    loopUrl: env.LOOP_URL ?? new URL(c.req.url).origin,
  };
  const server = mcpServer(ctx);
  const transport = new WebStandardStreamableHTTPServerTransport({
    enableJsonResponse: true,
    maxRequestBodySize: env.LOOP_BODY_LIMIT_BYTES,
  });
  await server.connect(transport);
  try {
    // `readJsonBody` has read the body and held it to the API's input rules (UTF-8, depth, NUL);
    // the transport gets the parsed value, as the raw stream is spent. An empty body parses as nothing.
    const parsedBody: unknown = await c.req.json().catch(() => undefined);
    return await transport.handleRequest(c.req.raw, { parsedBody });
  } finally {
    await server.close();
  }
}
