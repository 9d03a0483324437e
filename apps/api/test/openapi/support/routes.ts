import type { App } from '../../../src/app';

export interface RouteKey {
  method: string;
  path: string;
}

export const routeKey = ({ method, path }: RouteKey) => `${method.toUpperCase()} ${path}`;

/** Hono's `/issues/:idOrNumber` (or `:id{[0-9]+}`) as the document writes it: `/issues/{idOrNumber}`. */
export function toOpenApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{[^}]*\})?/g, '{$1}');
}

/**
 * The endpoints the app answers, from Hono's own route table. Middleware is registered with the
 * method `ALL` (`app.use`), so those entries are not endpoints; a route registers one entry per
 * handler (validators included), so entries are de-duplicated.
 */
export function endpointsOf(app: App): RouteKey[] {
  const seen = new Map<string, RouteKey>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const endpoint = { method: route.method.toUpperCase(), path: toOpenApiPath(route.path) };
    seen.set(routeKey(endpoint), endpoint);
  }
  return [...seen.values()];
}
