import type { z } from '@hono/zod-openapi';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Database } from '../../db/database';
import type { Env } from '../../env';
import type { Clock } from '../../http/app-env';

/** What a tool call finds: the app's dependencies and the caller, as a route finds them on `c.var`. */
export interface ToolContext {
  db: Database;
  env: Env;
  clock: Clock;
  /** The key that authenticated the request; `root` for the environment's LOOP_API_KEY. */
  apiKeyId: string;
  /** Where agents reach this API; the claim's prompt quotes it. */
  loopUrl: string;
}

/** A tool answers with a JSON object: it becomes the result's structured content and its text. */
export type ToolOutput = Record<string, unknown>;

/**
 * One MCP tool. `input` is a zod object built from the REST route's own schemas (their fields,
 * not copies), so the tool validates and documents exactly what its route does.
 */
export interface Tool<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: S;
  /**
   * The input reuses query-string schemas, which parse text as a URL carries it; the JSON numbers
   * and booleans an agent sends are handed to them as text.
   */
  queryInput?: boolean;
  annotations: ToolAnnotations;
  run(ctx: ToolContext, input: z.output<S>): Promise<ToolOutput>;
  /** The result's text blocks, when the JSON alone reads poorly (a prompt is markdown); else the JSON. */
  present?(output: ToolOutput): string[];
}

/** Keeps each tool's `run` typed by its own input while the registry holds them side by side. */
export const defineTool = <S extends z.ZodObject>(tool: Tool<S>): Tool => tool;

/**
 * Annotations, stated for each kind of tool once. Every tool acts on this Loop deployment only
 * (`openWorldHint: false`). A write that overwrites what is there is destructive; one whose repeat
 * with the same arguments changes nothing more is idempotent.
 */
export const readOnly: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
export const additive = (idempotent: boolean): ToolAnnotations => ({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: idempotent,
  openWorldHint: false,
});
export const overwriting: ToolAnnotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: true,
  openWorldHint: false,
};
