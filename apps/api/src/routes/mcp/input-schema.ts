import { OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import type { Tool } from './tool';

type JsonSchema = ListedTool['inputSchema'];

const componentPrefix = '#/components/schemas/';

/**
 * The JSON Schema of each tool's input, rendered by the same generator as the OpenAPI document, so a
 * field reads the same (type, limits, description, example) to an agent as in the REST reference.
 * MCP wants each input schema self-contained: the generator's references to named components are
 * inlined, and OpenAPI's `example` becomes JSON Schema's `examples`.
 */
export function inputSchemas(tools: readonly Tool[]): Map<string, JsonSchema> {
  const registry = new OpenAPIRegistry();
  const componentName = (tool: Tool) => `mcp_input_${tool.name}`;
  for (const tool of tools) registry.register(componentName(tool), tool.input);
  const components = new OpenApiGeneratorV31(registry.definitions).generateComponents().components?.schemas ?? {};
  return new Map(tools.map((tool) => [tool.name, inline(components[componentName(tool)], components) as JsonSchema]));
}

function inline(node: unknown, components: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => inline(item, components));
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, example, ...rest } = node as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  if (typeof $ref === 'string' && $ref.startsWith(componentPrefix)) {
    Object.assign(result, inline(components[$ref.slice(componentPrefix.length)], components));
  }
  for (const [key, value] of Object.entries(rest)) {
    // `properties` maps field names to schemas: a field may be called `example` without being one.
    result[key] = key === 'properties' ? mapValues(value, components) : inline(value, components);
  }
  if (example !== undefined) result.examples = [example];
  return result;
}

function mapValues(properties: unknown, components: Record<string, unknown>): unknown {
  if (typeof properties !== 'object' || properties === null) return properties;
  return Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, inline(schema, components)]));
}
