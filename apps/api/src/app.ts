import { OpenAPIHono } from '@hono/zod-openapi';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Database } from './db/database';
import type { Env } from './env';
import { type AppEnv, type Clock, systemClock } from './http/app-env';
import { onError, onNotFound } from './http/on-error';
import { logDatabaseOutages } from './http/outage-log';
import { validationHook } from './http/validation';
import { bearerAuth } from './middleware/bearer-auth';
import { limitBody } from './middleware/body-limit';
import { corsForListedOrigins } from './middleware/cors';
import { readJsonBody } from './middleware/read-json-body';
import { requireJsonBody } from './middleware/require-json';
import { serveOpenApiDocument } from './openapi/route';
import { dashboardRoutes } from './routes/app';
import { docsRoutes } from './routes/docs';
import { mcpPath, mcpRoutes } from './routes/mcp';
import { serviceRoutes } from './routes/health';
import { v1Routes } from './routes/v1';
import { webhooksRoutes } from './routes/webhooks';

export interface AppDependencies {
  /** The database, or how to open it on the first request (the serverless entry loads its driver then, ADR 0038). */
  db: Database | (() => Promise<Database>);
  env: Env;
  clock?: Clock;
  /** The web dashboard's build folder (apps/web/dist), served at /app/; without it /app/ says it is not built. */
  dashboardDir?: string | undefined;
}

/**
 * Builds the whole Loop API from its dependencies. The node server, the Vercel function and every
 * test call this; nothing in the app reaches for a module-level database.
 */
export function createApp({ db, env, clock = systemClock, dashboardDir }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.onError(onError);
  app.notFound(onNotFound);

  app.use('*', requestId());
  app.use('*', logDatabaseOutages(() => clock.now()));
  app.use('*', secureHeaders());
  if (env.CORS_ORIGINS.length > 0) app.use('*', corsForListedOrigins(env.CORS_ORIGINS));
  app.use('*', async function injectDependencies(c, next) {
    c.set('db', typeof db === 'function' ? await db() : db);
    c.set('env', env);
    c.set('clock', clock);
    await next();
  });

  // Public routes first, then the bearer wall.
  app.route('/', serviceRoutes);
  app.route('/', docsRoutes);
  app.route('/', dashboardRoutes(dashboardDir));
  app.route('/webhooks', webhooksRoutes);
  serveOpenApiDocument(app);

  // Who is asking comes first: an anonymous caller learns nothing about body rules (401 before 413/415).
  app.use('/api/v1/*', bearerAuth(), limitBody(env.LOOP_BODY_LIMIT_BYTES), requireJsonBody(), readJsonBody());
  app.route('/api/v1', v1Routes);
  // The same tools for MCP clients, behind the same wall: same keys, same roles, same body limit.
  app.use(mcpPath, bearerAuth(), limitBody(env.LOOP_BODY_LIMIT_BYTES), requireJsonBody(), readJsonBody());
  app.route('/', mcpRoutes);

  return app;
}

export type App = ReturnType<typeof createApp>;
