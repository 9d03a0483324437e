import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './document';

type Schema = Record<string, unknown>;

const componentsId = 'loop:components';

/** Keywords whose values are data, not schemas: copied as they are. */
const literalKeywords = new Set(['example', 'examples', 'default', 'const', 'enum', 'required']);

const isObjectSchema = (schema: Schema) =>
  'properties' in schema && (schema.type === undefined || schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object')));

/**
 * Rewrites a schema of the document for ajv, and closes its objects: an object that declares its
 * properties (and says nothing of others) rejects any other property, so a response carrying a field
 * the document does not mention (a leaked column, a renamed field) fails the contract.
 * `unevaluatedProperties` rather than `additionalProperties`, so that `allOf` compositions still see
 * their members' properties; a member of an `allOf` is therefore left open itself (`open`).
 */
function prepare(schema: unknown, open = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => prepare(item));
  if (!schema || typeof schema !== 'object') return schema;
  const source = schema as Schema;
  const result: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      const name = value.slice('#/components/schemas/'.length);
      result.$ref = `${componentsId}#/$defs/${open ? `${name}~open` : name}`;
    } else if (key === 'allOf' && Array.isArray(value)) {
      result.allOf = value.map((member) => prepare(member, true));
    } else if (key === 'properties' && value && typeof value === 'object') {
      result.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, prepare(property)]));
    } else if (literalKeywords.has(key)) {
      result[key] = value;
    } else {
      result[key] = prepare(value);
    }
  }
  const declaresRest = 'additionalProperties' in source || 'unevaluatedProperties' in source;
  if (!open && !declaresRest && (isObjectSchema(source) || Array.isArray(source.allOf))) {
    result.unevaluatedProperties = false;
  }
  return result;
}

export interface ResponseCheck {
  ok: boolean;
  problems: string[];
}

/** Checks response bodies against the schemas the document declares for them (JSON Schema 2020-12). */
export class ResponseValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    const $defs: Schema = {};
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      $defs[name] = prepare(schema);
      $defs[`${name}~open`] = prepare(schema, true);
    }
    this.ajv.addSchema({ $id: componentsId, $defs });
  }

  /** The documented schema of `status` for the operation, or undefined when it documents no JSON body. */
  schemaFor(path: string, method: string, status: string): unknown {
    const operation = this.document.paths?.[path]?.[method.toLowerCase() as 'get'];
    return operation?.responses?.[status]?.content?.['application/json']?.schema;
  }

  check(path: string, method: string, status: string, body: unknown): ResponseCheck {
    const key = `${method} ${path} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      const schema = this.schemaFor(path, method, status);
      if (schema === undefined) return { ok: false, problems: [`no JSON schema documented for ${key}`] };
      validate = this.ajv.compile(prepare(schema) as Schema);
      this.compiled.set(key, validate);
    }
    const ok = validate(body);
    const problems = (validate.errors ?? []).map((error) => {
      const extra = 'unevaluatedProperty' in error.params ? ` (${String(error.params.unevaluatedProperty)})` : '';
      return `${error.instancePath || '(root)'} ${error.message ?? error.keyword}${extra}`;
    });
    return { ok, problems };
  }

  /** Whether `value` is valid for a schema of the document (a request body), objects closed as above. */
  accepts(schema: unknown, value: unknown): boolean {
    const key = schema as object;
    let validate = this.bySchema.get(key);
    if (!validate) {
      validate = this.ajv.compile(prepare(schema) as Schema);
      this.bySchema.set(key, validate);
    }
    return validate(value);
  }

  private readonly bySchema = new Map<object, ValidateFunction>();
}
