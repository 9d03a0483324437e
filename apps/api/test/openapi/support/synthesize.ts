import { type OpenApiDocument, resolveRef } from './document';

type Schema = {
  $ref?: string;
  type?: string | string[];
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};

/**
 * Finds a real value for a property that names another resource (`projectId`, `issueId`, …) by
 * creating one; undefined when it cannot tell which resource the property names.
 */
export type ReferenceResolver = (property: string) => Promise<string | undefined>;

let counter = 0;

const typesOf = (schema: Schema): string[] =>
  (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter((type) => type !== 'null');

const formatted: Record<string, string> = {
  'date-time': '2026-11-22T12:00:00.000Z',
  date: '2026-11-22',
  email: 'contract@example.com',
  uri: 'https://example.com/contract',
  url: 'https://example.com/contract',
  uuid: '0b9f1c5e-2d3a-4b6c-8e7f-9a0b1c2d3e4f',
};

/** A string made unique where the schema allows it, so two creations never collide on a unique name. */
function uniqueString(base: string, schema: Schema): string {
  if (schema.enum || schema.const !== undefined || schema.format) return base;
  const candidate = `${base}-${++counter}`;
  if (schema.maxLength !== undefined && candidate.length > schema.maxLength) return base;
  return schema.pattern && !new RegExp(schema.pattern, 'u').test(candidate) ? base : candidate;
}

/**
 * A minimal valid value for a schema of the document: required properties only, each from its
 * example, default or first allowed value, else the simplest value of its type. Properties that name
 * another resource get a real one from `reference`.
 */
export async function synthesize(
  document: OpenApiDocument,
  rawSchema: unknown,
  reference: ReferenceResolver,
  propertyName?: string,
): Promise<unknown> {
  const schema = resolveRef<Schema>(document, rawSchema as Schema) ?? {};

  if (propertyName && /Ids?$/.test(propertyName)) {
    const id = await reference(propertyName.replace(/s$/, ''));
    if (id !== undefined) return typesOf(schema).includes('array') ? [id] : id;
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.allOf) {
    const parts = await Promise.all(schema.allOf.map((part) => synthesize(document, part, reference)));
    return Object.assign({}, ...parts.filter((part) => part && typeof part === 'object'));
  }
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) {
    const choice = choices.find((option) => typesOf(resolveRef(document, option) ?? {}).length > 0) ?? choices[0];
    return synthesize(document, choice, reference, propertyName);
  }

  const example = schema.example ?? schema.examples?.[0] ?? schema.default ?? schema.enum?.[0];
  const [type] = typesOf(schema);
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'string': {
      const base = typeof example === 'string' ? example : (formatted[schema.format ?? ''] ?? 'contract');
      const padded = base.padEnd(schema.minLength ?? 0, 'x');
      return typeof example === 'string' || !schema.format ? uniqueString(padded, schema) : padded;
    }
    case 'integer':
    case 'number':
      if (typeof example === 'number') return example;
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return typeof example === 'boolean' ? example : true;
    case 'array': {
      if (Array.isArray(example) && (schema.minItems ?? 0) === 0) return [];
      const length = schema.minItems ?? 0;
      const items: unknown[] = [];
      for (let index = 0; index < length; index++) items.push(await synthesize(document, schema.items, reference));
      return items;
    }
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) {
        value[name] = await synthesize(document, schema.properties?.[name], reference, name);
      }
      if (!schema.properties && example && typeof example === 'object') return example;
      return value;
    }
    default:
      return example ?? 'contract';
  }
}
