import type { App } from '../../../src/app';
import { TEST_ROOT_KEY } from '../../support/app';
import { documentedOperations, type DocumentedOperation, isBehindWall, type OpenApiDocument, resolveRef } from './document';
import { synthesize } from './synthesize';

/** One HTTP request of the contract walk. `body` is sent as JSON unless `rawBody` is given. */
export interface PlannedRequest {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** Send it to another app than the shared one (e.g. one whose database is down). */
  app?: Pick<App, 'request'>;
}

export interface Exchange {
  request: PlannedRequest;
  status: number;
  contentType: string;
  text: string;
  body: unknown;
}

export async function send(app: Pick<App, 'request'>, request: PlannedRequest): Promise<Exchange> {
  const headers: Record<string, string> = { ...request.headers };
  let payload: string | undefined = request.rawBody;
  if (payload === undefined && request.body !== undefined) payload = JSON.stringify(request.body);
  if (payload !== undefined) headers['Content-Type'] ??= 'application/json';
  const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
  const response = await (request.app ?? app).request(`${request.path}${query}`, {
    method: request.method,
    headers,
    body: payload,
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (/json/.test(contentType) && text) body = JSON.parse(text);
  return { request, status: response.status, contentType, text, body };
}

const pluralOf = (word: string) => (/y$/.test(word) ? `${word.slice(0, -1)}ies` : /s$/.test(word) ? word : `${word}s`);

/**
 * Builds requests for documented operations from the document alone: ids in the path come from
 * resources created through the documented `POST` of their collection, bodies from the request
 * schemas (`synthesize`). Each request gets fresh resources, so operations never depend on each other.
 */
export class RequestPlanner {
  private readonly operations: DocumentedOperation[];

  constructor(
    private readonly app: Pick<App, 'request'>,
    private readonly document: OpenApiDocument,
  ) {
    this.operations = documentedOperations(document);
  }

  /** Sends a request of the scenario's own to the shared app (to set up what a path must name). */
  sendOwn(request: PlannedRequest): Promise<Exchange> {
    return send(this.app, request);
  }

  authorized(headers: Record<string, string> = {}) {
    return { Authorization: `Bearer ${TEST_ROOT_KEY}`, ...headers };
  }

  /** The documented `POST` that creates members of `collection` (a path template, e.g. `/api/v1/issues/{idOrNumber}/relations`). */
  private creatorOf(collection: string): DocumentedOperation | undefined {
    const posts = this.operations.filter(({ method }) => method === 'POST');
    const exact = posts.find(({ path }) => path === collection);
    if (exact) return exact;
    // A resource addressed at `/relations/{id}` may be created under its owner: `/issues/{idOrNumber}/relations`.
    const segment = collection.split('/').at(-1)!;
    return posts.find(({ path }) => path.endsWith(`/${segment}`));
  }

  /**
   * Creates one member of `collection` and returns its id. `at` is the collection's concrete path when
   * the caller already chose its parents (`/api/v1/templates/<id>/versions`), so that the new member
   * belongs to them.
   */
  async create(collection: string, at?: string): Promise<string> {
    const creator = this.creatorOf(collection);
    if (!creator) throw new Error(`no documented POST creates ${collection}: add a scenario`);
    const request = await this.success(creator, creator.path === collection ? at : undefined);
    const exchange = await send(this.app, request);
    if (exchange.status >= 300) {
      throw new Error(`creating through ${creator.key} answered ${exchange.status}: ${exchange.text.slice(0, 300)}`);
    }
    const id = idIn(exchange.body, collection.split('/').at(-1)!);
    if (!id) throw new Error(`${creator.key} answered no id: ${exchange.text.slice(0, 300)}`);
    return id;
  }

  /** Creates the resource a body property names (`projectId` → a project), if a collection fits. */
  readonly reference = async (property: string): Promise<string | undefined> => {
    const stem = property.replace(/Id$/, '');
    const words = stem.split(/(?=[A-Z])/).map((word) => word.toLowerCase());
    for (const name of [words.join(''), words.at(-1)!]) {
      const collection = this.operations.find(
        ({ method, path }) => method === 'POST' && path.startsWith('/api/v1/') && path.endsWith(`/${pluralOf(name)}`),
      );
      if (collection) return this.create(collection.path);
    }
    return undefined;
  };

  /** The path with every parameter filled: each one a real member of the collection before it. */
  async concretePath(template: string, missing?: string): Promise<string> {
    let concrete = '';
    let templateSoFar = '';
    for (const segment of template.split('/').slice(1)) {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      let value = segment;
      if (param) value = param === missing ? 'contract-missing-0' : await this.parameterValue(param, templateSoFar, concrete);
      concrete += `/${encodeURIComponent(value).replaceAll('%2F', '/')}`;
      templateSoFar += `/${segment}`;
    }
    return concrete;
  }

  /**
   * A real value for a path parameter: a member of the collection before it, or, where no POST
   * creates that collection, the resource the parameter names (`{issueIdOrNumber}` → an issue).
   */
  private async parameterValue(param: string, collection: string, at: string): Promise<string> {
    if (this.creatorOf(collection)) return this.create(collection, at);
    const named = /^(.+?)Id(OrNumber|OrSlug)?$/.exec(param)?.[1];
    const id = named ? await this.reference(`${named}Id`) : undefined;
    if (id === undefined) throw new Error(`cannot find a value for {${param}} of ${collection}: add a scenario`);
    return id;
  }

  private async requiredQuery(operation: DocumentedOperation): Promise<Record<string, string> | undefined> {
    const query: Record<string, string> = {};
    for (const raw of operation.operation.parameters ?? []) {
      const parameter = resolveRef(this.document, raw) as { in: string; name: string; required?: boolean; schema?: unknown };
      if (parameter.in !== 'query' || !parameter.required) continue;
      query[parameter.name] = String(await synthesize(this.document, parameter.schema, this.reference, parameter.name));
    }
    return Object.keys(query).length ? query : undefined;
  }

  async body(operation: DocumentedOperation): Promise<unknown> {
    const requestBody = resolveRef(this.document, operation.operation.requestBody) as
      | { content?: Record<string, { schema?: unknown }> }
      | undefined;
    const schema = requestBody?.content?.['application/json']?.schema;
    return schema === undefined ? undefined : synthesize(this.document, schema, this.reference);
  }

  /** A request the operation should answer with success (at `at` when its path is already chosen). */
  async success(operation: DocumentedOperation, at?: string): Promise<PlannedRequest> {
    const path = at ?? (await this.concretePath(operation.path));
    const query = await this.requiredQuery(operation);
    return {
      method: operation.method,
      path,
      headers: isBehindWall(operation.path) ? this.authorized() : {},
      ...(query ? { query } : {}),
      ...(operation.operation.requestBody ? { body: await this.body(operation) } : {}),
    };
  }

  /**
   * A request the operation should refuse, chosen to reach the route's own checks where it has any:
   * an unknown field in the body (422), else a path naming nothing (404), else a query value of the
   * wrong kind (422), else no key at all (401).
   */
  async failure(operation: DocumentedOperation): Promise<PlannedRequest | undefined> {
    if (!isBehindWall(operation.path)) return undefined;
    const headers = this.authorized();
    if (operation.operation.requestBody) {
      const body = await this.body(operation);
      if (body && typeof body === 'object' && !Array.isArray(body)) {
        const path = await this.concretePath(operation.path);
        return { method: operation.method, path, headers, body: { ...body, contractUnknownField: true } };
      }
    }
    const params = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    if (params.length) {
      return { method: operation.method, path: await this.concretePath(operation.path, params.at(-1)), headers };
    }
    const typed = this.typedQueryParameter(operation);
    if (typed) return { method: operation.method, path: operation.path, headers, query: { [typed]: 'contract-invalid' } };
    return { method: operation.method, path: operation.path };
  }

  /** A query parameter that only takes numbers or listed values, so a word is refused. */
  private typedQueryParameter(operation: DocumentedOperation): string | undefined {
    for (const raw of operation.operation.parameters ?? []) {
      const parameter = resolveRef(this.document, raw) as { in: string; name: string; schema?: unknown };
      const schema = resolveRef(this.document, parameter.schema) as { type?: unknown; enum?: unknown } | undefined;
      if (parameter.in !== 'query' || !schema) continue;
      if (schema.type === 'integer' || schema.type === 'number' || Array.isArray(schema.enum)) return parameter.name;
    }
    return undefined;
  }
}

/** The id of what a create answered: `data.id`, or the id of the member named like the collection (`data.signal.id`). */
function idIn(body: unknown, collectionSegment: string): string | undefined {
  const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
  if (!data) return undefined;
  if (typeof data.id === 'string') return data.id;
  const singular = collectionSegment.replace(/ies$/, 'y').replace(/s$/, '');
  const member = data[singular] as { id?: unknown } | undefined;
  return typeof member?.id === 'string' ? member.id : undefined;
}
