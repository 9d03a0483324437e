import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, Next } from 'hono';
import type { RouterRoute } from 'hono/types';
import { onFirstUse } from '../on-first-use';
import type { AppEnv } from './app-env';
import { createRouter } from './router';

/** A router of the app, imported by the first request that reaches one of its path prefixes. */
export interface LazyRouter {
  /** Relative to the mount point; `/issues` covers `/issues` and every path below it. */
  prefixes: readonly string[];
  /** The module's router, its paths relative to the mount point (e.g. `import('./issues')`). */
  load: () => Promise<OpenAPIHono<AppEnv>>;
}

/** Routers mounted at one path, each loaded on first use (ADR 0046). */
export interface LazyRouters {
  /**
   * Registers, on `app`, the handlers that load a router and hand it the request. Call it where
   * `app.route()` would be called: the routers' routes take that place in the OpenAPI document too.
   */
  mount(app: OpenAPIHono<AppEnv>): void;
}

type Definition = OpenAPIRegistry['definitions'][number];

interface Mount {
  /** How many of the app's own definitions precede the routers' in the document. */
  at: number;
  /** The routers, loaded, each with the routes its prefixes let requests reach. */
  routers: () => Promise<{ router: OpenAPIHono<AppEnv>; reachable: RouterRoute[] }[]>;
}

/** What each app mounted on first use, in the order it was mounted. */
const mounts = new WeakMap<OpenAPIHono<AppEnv>, Mount[]>();

/** The context of the app's request, for the router that answers it (the same `Request` object). */
const contexts = new WeakMap<Request, Context<AppEnv>>();
/** Requests that a loaded router had no route for: the next router, else the app's 404, takes them. */
const unrouted = new WeakSet<Request>();

/**
 * Runs first in a loaded router: what the app's middleware found or prepared for the request (the
 * database, the caller's key and role, the request id, the body `readJsonBody` read and checked,
 * headers such as `X-Request-Id`) is the router's too, so its routes see what they would have seen
 * mounted with `app.route()`.
 */
async function adoptAppContext(c: Context<AppEnv>, next: Next) {
  const app = contexts.get(c.req.raw)!;
  for (const [name, value] of Object.entries(app.var)) c.set(name as keyof AppEnv['Variables'], value as never);
  c.req.bodyCache = app.req.bodyCache;
  for (const [name, value] of app.res.headers) c.header(name, value);
  await next();
}

/** Hono's context throws when the runtime gave no execution context (node, tests). */
function executionContextOf(c: Context): Parameters<OpenAPIHono['fetch']>[2] {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

/** Whether a route's path lies under a prefix; both are Hono patterns, a `:param` segment matches any. */
function isUnder(path: string, prefix: string): boolean {
  const segments = path.split('/');
  return prefix.split('/').every((segment, index) => segment === segments[index] || (segment.startsWith(':') && segments[index] !== undefined));
}

/**
 * Routers mounted at `basePath` and imported by the first request under one of their prefixes, not
 * when the app is built: importing a router builds its routes' zod schemas and its domain's, which a
 * cold serverless function would otherwise pay for every route before answering one (ADR 0046).
 *
 * A loaded router answers as its own Hono app, behind the app's middleware: its errors are thrown on
 * to the app's error handler (the one error path), and a path it has no route for goes on to the
 * next router whose prefix matches, then to the app's 404, as when every router was mounted with
 * `app.route()`. The routers with the longer prefixes are asked first. A failed import answers the
 * error envelope and is tried again by the next request.
 */
export function lazyRouters(basePath: string, routers: readonly LazyRouter[]): LazyRouters {
  const loaders = routers.map(({ load }) =>
    onFirstUse(async () => {
      const mounted = createRouter();
      mounted.use('*', adoptAppContext);
      mounted.route(basePath, await load());
      mounted.notFound((c) => {
        unrouted.add(c.req.raw);
        return c.body(null, 404);
      });
      mounted.onError((error) => {
        throw error;
      });
      return mounted;
    }),
  );

  const depth = (prefix: string) => prefix.split('/').length;
  const stubs = routers
    .flatMap(({ prefixes }, index) => prefixes.map((prefix) => ({ path: `${basePath}${prefix}`, load: loaders[index]! })))
    .sort((a, b) => depth(b.path) - depth(a.path));

  const loadAll = () =>
    Promise.all(
      loaders.map(async (load, index) => {
        const router = await load();
        const prefixes = routers[index]!.prefixes.map((prefix) => `${basePath}${prefix}`);
        return { router, reachable: router.routes.filter((route) => prefixes.some((prefix) => isUnder(route.path, prefix))) };
      }),
    );

  return {
    mount(app) {
      mounts.set(app, [...(mounts.get(app) ?? []), { at: app.openAPIRegistry.definitions.length, routers: loadAll }]);
      for (const { path, load } of stubs) {
        app.all(`${path}/*`, async function answerFromRouter(c, next) {
          const router = await load();
          contexts.set(c.req.raw, c);
          const response = await router.fetch(c.req.raw, c.env, executionContextOf(c));
          if (!unrouted.delete(c.req.raw)) return response;
          await next();
        });
      }
    },
  };
}

/**
 * The OpenAPI definitions of `app` and of every router it mounts on first use (all loaded now), in
 * the order of the `app.route()` calls they stand for: the document does not depend on which
 * requests came first.
 */
export async function definitionsOf(app: OpenAPIHono<AppEnv>): Promise<Definition[]> {
  const own = app.openAPIRegistry.definitions;
  const definitions: Definition[] = [];
  let next = 0;
  for (const mount of mounts.get(app) ?? []) {
    definitions.push(...own.slice(next, mount.at));
    for (const { router } of await mount.routers()) definitions.push(...router.openAPIRegistry.definitions);
    next = mount.at;
  }
  definitions.push(...own.slice(next));
  return definitions;
}

/**
 * Hono's route table of `app` with the routes of the routers it mounts on first use (all loaded now)
 * that a request can reach: those under the router's prefixes. For tests that list what the app answers.
 */
export async function routesOf(app: OpenAPIHono<AppEnv>): Promise<RouterRoute[]> {
  const routes = [...app.routes];
  for (const mount of mounts.get(app) ?? []) for (const { reachable } of await mount.routers()) routes.push(...reachable);
  return routes;
}
