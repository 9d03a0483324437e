import type { CallToolResult, Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import { type ClassifiedError, classifyError } from '../../http/on-error';
import { validationError } from '../../http/validation';
import { inputSchemas } from './input-schema';
import type { Tool, ToolContext, ToolOutput } from './tool';
import { dispatchTools } from './tools/dispatch';
import { issueTools } from './tools/issues';
import { loopTools } from './tools/loop';

/** Every tool `/mcp` serves, in the order an agent meets them while working the loop. */
export const tools: readonly Tool[] = [...dispatchTools, ...issueTools, ...loopTools];

const byName = new Map(tools.map((tool) => [tool.name, tool]));

let listed: ListedTool[] | undefined;

/** `tools/list`: rendered on first use and kept, as the OpenAPI document is; tools do not change at run time. */
export function listTools(): ListedTool[] {
  if (!listed) {
    const schemas = inputSchemas(tools);
    listed = tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: schemas.get(tool.name)!,
      annotations: { title: tool.title, ...tool.annotations },
    }));
  }
  return listed;
}

export const hasTool = (name: string) => byName.has(name);

/**
 * `tools/call` of a known tool. Bad arguments and every domain error come back as a tool result with
 * `isError: true` carrying the REST error envelope (`{error, code, details?}`), classified by the
 * same function as the API's error handler, so an agent can read and correct them; nothing is
 * written when the arguments fail validation.
 */
export async function callTool(ctx: ToolContext, name: string, args: Record<string, unknown> | undefined): Promise<CallToolResult> {
  const tool = byName.get(name)!;
  try {
    const parsed = tool.input.safeParse(tool.queryInput ? asQueryValues(args ?? {}) : (args ?? {}));
    if (!parsed.success) throw validationError('arguments', parsed.error);
    return success(await tool.run(ctx, parsed.data), tool);
  } catch (error) {
    return failure(classifyError(error instanceof Error ? error : new Error(String(error)), `tool ${name}`));
  }
}

/** Query schemas parse text; an agent's `20` or `[1, 2]` is read as `"20"` or `["1", "2"]`. */
function asQueryValues(args: Record<string, unknown>): Record<string, unknown> {
  const text = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => [key, Array.isArray(value) ? value.map(text) : text(value)]),
  );
}

function success(output: ToolOutput, tool: Tool): CallToolResult {
  const texts = tool.present?.(output) ?? [JSON.stringify(output)];
  return { content: texts.map((text) => ({ type: 'text', text })), structuredContent: output };
}

function failure(error: ClassifiedError): CallToolResult {
  const envelope = { error: error.message, code: error.code, ...(error.details ? { details: error.details } : {}) };
  return { isError: true, content: [{ type: 'text', text: JSON.stringify(envelope) }], structuredContent: envelope };
}
