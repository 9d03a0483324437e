import type { OpenApiDocument } from './document';

type Node = Record<string, unknown>;

/** Keys that may sit beside a nullable marker without changing what the reference means. */
const annotations = new Set(['type', 'description', 'example', 'examples', 'title', 'deprecated', 'readOnly', 'writeOnly']);

/** `allOf: [{ $ref }, { type: [..., 'null'], description? }]` — the generator's rendering of `Named.nullable()`. */
function nullableOverride(node: Node): [ref: Node, annotations: Node] | undefined {
  const allOf = node.allOf;
  if (!Array.isArray(allOf) || allOf.length !== 2) return undefined;
  const [ref, override] = allOf as [Node, Node];
  if (!ref || typeof ref.$ref !== 'string' || Object.keys(ref).length !== 1) return undefined;
  if (!override || !Array.isArray(override.type) || !override.type.includes('null')) return undefined;
  if (!Object.keys(override).every((key) => annotations.has(key))) return undefined;
  const { type: _type, ...rest } = override;
  return [ref, rest];
}

function visit(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const object = node as Node;
  const nullable = nullableOverride(object);
  if (nullable) {
    // In JSON Schema, allOf is an intersection: `Issue` and "object or null" is just `Issue`, so null
    // was not allowed where the route meant to allow it. anyOf says what `.nullable()` means.
    const [ref, rest] = nullable;
    delete object.allOf;
    Object.assign(object, { anyOf: [ref, { type: 'null' }] }, rest);
  }
  for (const [key, value] of Object.entries(object)) {
    if (key !== 'example' && key !== 'examples') visit(value);
  }
}

/** Rewrites every nullable use of a named schema as `anyOf: [ref, null]`. Mutates and returns `document`. */
export function fixNullableReferences(document: OpenApiDocument): OpenApiDocument {
  visit(document.components);
  visit(document.paths);
  visit(document.webhooks);
  return document;
}
