import { LoopApiError, LoopNetworkError } from '@loop/client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export interface BridgeOptions {
  /** The Loop deployment (`LOOP_URL` / `loop config`); its MCP endpoint is `<url>/mcp`. */
  url: string;
  token: string | undefined;
}

/** `<url>/mcp`, keeping a base path (`https://host/loop` → `https://host/loop/mcp`). */
export const mcpEndpoint = (url: string) => new URL('mcp', url.endsWith('/') ? url : `${url}/`);

/**
 * Serves Loop's MCP tools on stdio by forwarding every tools/list and tools/call to the deployment's
 * `/mcp`, so the tools are defined once, in the API, and a local agent gets the same schemas,
 * annotations, results and errors as a remote one. Connects first, so a wrong URL or key fails at
 * start with one line on stderr; resolves when the agent closes stdin.
 */
export async function serveMcpBridge(options: BridgeOptions): Promise<void> {
  const endpoint = mcpEndpoint(options.url);
  const headers: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const remote = new Client({ name: 'loop-cli', version: '0.1.0' });
  try {
    await remote.connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { headers } }));
  } catch (error) {
    throw bridgeError(error, endpoint.href);
  }

  const server = new Server(
    { name: 'loop', version: remote.getServerVersion()?.version ?? '0.0.0' },
    { capabilities: { tools: {} }, instructions: remote.getInstructions() },
  );
  server.setRequestHandler(ListToolsRequestSchema, ({ params }) => remote.listTools(params));
  server.setRequestHandler(CallToolRequestSchema, ({ params }) => remote.callTool(params));

  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
  });
  await server.connect(new StdioServerTransport());
  // The stdio transport does not watch for the end of its input; the agent closing it ends the bridge.
  process.stdin.once('end', () => void server.close());
  await closed;
  await remote.close();
}

/** The CLI's own errors, so `loop mcp` explains a wrong key or an unreachable server like every command. */
function bridgeError(error: unknown, url: string): Error {
  if (error instanceof StreamableHTTPError && error.code !== undefined) {
    const envelope = /\{.*\}/s.exec(error.message)?.[0];
    const parsed = envelope ? (JSON.parse(envelope) as { error?: string; code?: string }) : {};
    return new LoopApiError(error.code, parsed.code ?? 'error', parsed.error ?? error.message);
  }
  if (error instanceof TypeError) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new LoopNetworkError(url, cause?.code ?? cause?.message ?? error.message);
  }
  return error instanceof Error ? error : new Error(String(error));
}
