import { bodyMethods } from '../http/body-methods';
import { errorHeaders, errorStatus, type ErrorStatus, statusDescriptions } from '../http/error-status';
import type { OpenApiDocument } from './document';

type PathItem = NonNullable<OpenApiDocument['paths']>[string];
export type Operation = NonNullable<PathItem['get']>;

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the document with its path and method, in document order. */
export function* operationsOf(document: OpenApiDocument): Generator<{ path: string; method: string; operation: Operation }> {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (operation) yield { path, method, operation };
    }
  }
}

const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/**
 * What the `/api/v1` middleware can answer before a route runs: 401 from the bearer wall, 503 when the
 * key lookup finds the database down; for a method that carries a body (`bodyMethods`), 413 from the
 * body limit and 415 from the JSON check; 422 when the route validates any input and 400 when it reads
 * a JSON body. Every route answers 500 on a bug.
 */
function statusesOutsideTheRoute(method: string, operation: Operation, behindWall: boolean): ErrorStatus[] {
  if (!behindWall) return [500];
  const statuses: ErrorStatus[] = [401, 500, 503];
  if (bodyMethods.has(method.toUpperCase())) statuses.push(413, 415);
  if (operation.requestBody) statuses.push(400, 422);
  else if (operation.parameters?.length) statuses.push(422);
  return statuses;
}

/** The headers the wall's codes send (`errorHeaders`), as the document describes them, by status. */
const wallHeaders = new Map<number, Record<string, { description: string; schema: { type: 'string' } }>>();
for (const [code, headers] of Object.entries(errorHeaders)) {
  const status = errorStatus[code as keyof typeof errorStatus];
  const described = Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [name, { description: header.description, schema: { type: 'string' as const } }]),
  );
  wallHeaders.set(status, { ...wallHeaders.get(status), ...described });
}

/**
 * Routes declare their own responses; this adds, to every operation, the ones middleware produces
 * (so a client generated from the document knows the wall's 401 and its `WWW-Authenticate` header),
 * and marks the operations outside `/api/v1` as public unless they declare their own security.
 * Mutates and returns `document`.
 */
export function completeResponses(document: OpenApiDocument, documentPath: string): OpenApiDocument {
  for (const { path, method, operation } of operationsOf(document)) {
    const behindWall = path.startsWith('/api/v1/') && path !== documentPath;
    if (!behindWall) operation.security ??= [];

    const responses: Record<string, unknown> = { ...operation.responses };
    for (const status of statusesOutsideTheRoute(method, operation, behindWall)) {
      responses[status] ??= { description: statusDescriptions[status], content: errorContent };
    }
    if (behindWall) {
      for (const [status, headers] of wallHeaders) {
        const response = responses[status] as { headers?: Record<string, unknown> } | undefined;
        if (response && !('$ref' in response)) responses[status] = { ...response, headers: { ...headers, ...response.headers } };
      }
    }
    // Status keys are integer-like, so JavaScript keeps them in ascending order: success first.
    operation.responses = responses;
  }
  return document;
}
