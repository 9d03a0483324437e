import { operationsOf, type Operation } from '../../../src/openapi/complete-responses';
import type { OpenApiDocument } from '../../../src/openapi/document';

export type { OpenApiDocument, Operation };

export interface DocumentedOperation {
  method: string;
  path: string;
  operation: Operation;
  key: string;
}

export function documentedOperations(document: OpenApiDocument): DocumentedOperation[] {
  return [...operationsOf(document)].map(({ method, path, operation }) => ({
    method: method.toUpperCase(),
    path,
    operation,
    key: `${method.toUpperCase()} ${path}`,
  }));
}

/** Follows a local `$ref` (`#/components/...`) to what it names; anything else is returned as is. */
export function resolveRef<T>(document: OpenApiDocument, value: T): T {
  let current: unknown = value;
  for (let depth = 0; depth < 16; depth++) {
    const ref = (current as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) break;
    current = ref
      .slice(2)
      .split('/')
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((node, segment) => (node as Record<string, unknown> | undefined)?.[segment], document);
  }
  return current as T;
}

export const isBehindWall = (path: string) => path.startsWith('/api/v1/') && path !== '/api/v1/openapi.json';
