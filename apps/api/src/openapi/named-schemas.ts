import { getRefId } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';

type Definition = OpenAPIHono['openAPIRegistry']['definitions'][number];

interface ZodLike {
  _zod: { def: Record<string, unknown> & { type: string } };
}

const isZod = (value: unknown): value is ZodLike =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as ZodLike)._zod?.def?.type === 'string';

/** Wrappers that keep their inner schema's name (zod-to-openapi copies it onto `.nullable()`, `.optional()`, …). */
const wrappers = new Set(['nullable', 'optional', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

function* childrenOf(def: ZodLike['_zod']['def']): Generator<unknown> {
  switch (def.type) {
    case 'object':
      yield* Object.values(def.shape as Record<string, unknown>);
      yield def.catchall;
      return;
    case 'array':
      yield def.element;
      return;
    case 'union':
      yield* def.options as unknown[];
      return;
    case 'intersection':
      yield def.left;
      yield def.right;
      return;
    case 'record':
    case 'map':
      yield def.keyType;
      yield def.valueType;
      return;
    case 'set':
      yield def.valueType;
      return;
    case 'tuple':
      yield* def.items as unknown[];
      yield def.rest;
      return;
    case 'pipe':
      yield def.in;
      yield def.out;
      return;
    case 'lazy':
      yield (def.getter as () => unknown)();
      return;
    default:
      if (wrappers.has(def.type) || def.type === 'promise') yield def.innerType;
  }
}

/** The zod schemas a definition mentions: request parts, bodies and responses of routes and webhooks. */
function* schemasOf(definition: Definition): Generator<unknown> {
  if (definition.type === 'schema' || definition.type === 'parameter') {
    yield definition.schema;
    return;
  }
  if (definition.type !== 'route' && definition.type !== 'webhook') return;
  const config = definition.type === 'route' ? definition.route : definition.webhook;
  const { body, ...parts } = config.request ?? {};
  yield* Object.values(parts);
  for (const media of Object.values(body?.content ?? {})) yield (media as { schema?: unknown }).schema;
  for (const response of Object.values(config.responses ?? {})) {
    if (!response || typeof response !== 'object' || !('content' in response)) continue;
    for (const media of Object.values(response.content ?? {})) yield (media as { schema?: unknown }).schema;
    for (const header of Object.values(('headers' in response && response.headers) || {})) yield header;
  }
}

/**
 * Every named schema (`.openapi('Name')`) the routes use, in its own, unwrapped form.
 *
 * Why: zod-to-openapi 9 copies a schema's name onto `.nullable()`, and the first form it meets
 * becomes the component. When a route meets `IssueSchema.nullable()` before `IssueSchema`, the
 * `Issue` component itself turns nullable, so every `Issue` in the document would allow null.
 * Registering the plain forms first makes the components exact; nullable uses then come out as
 * `allOf` overrides, which `fixNullableReferences` rewrites.
 */
export function namedSchemaDefinitions(definitions: readonly Definition[]): Definition[] {
  const named = new Map<string, unknown>();
  const seen = new Set<unknown>();
  const visit = (schema: unknown) => {
    if (!isZod(schema) || seen.has(schema)) return;
    seen.add(schema);
    for (const child of childrenOf(schema._zod.def)) visit(child);
    // After the children: a schema's named parts must be generated before the schema that uses them
    // (possibly as nullable), or that use would define them.
    const refId = getRefId(schema as never);
    if (refId && !wrappers.has(schema._zod.def.type) && !named.has(refId)) named.set(refId, schema);
  };
  for (const definition of definitions) for (const schema of schemasOf(definition)) visit(schema);
  return [...named.values()].map((schema) => ({ type: 'schema', schema }) as Definition);
}
