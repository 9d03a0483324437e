import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import packageJson from '../package.json';
import type { Database } from './db/database';
import type { Env } from './env';
import { type AppEnv, type Clock, systemClock } from './http/app-env';
import { onError, onNotFound } from './http/on-error';
import { validationHook } from './http/validation';
import { bearerAuth } from './middleware/bearer-auth';
import { limitBody } from './middleware/body-limit';
import { requireJsonBody } from './middleware/require-json';
import { serviceRoutes } from './routes/health';
import { v1Routes } from './routes/v1';
import { webhooksRoutes } from './routes/webhooks';

export interface AppDependencies {
  db: Database;
  env: Env;
  clock?: Clock;
}

/**
 * Builds the whole Loop API from its dependencies. The node server, the Vercel function and every
 * test call this; nothing in the app reaches for a module-level database.
 */
export function createApp({ db, env, clock = systemClock }: AppDependencies) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.onError(onError);
  app.notFound(onNotFound);

  app.use('*', requestId());
  app.use('*', secureHeaders());
  if (env.CORS_ORIGINS.length > 0) {
    app.use('*', cors({ origin: env.CORS_ORIGINS, maxAge: 600 }));
  }
  app.use('*', async function injectDependencies(c, next) {
    c.set('db', db);
    c.set('env', env);
    c.set('clock', clock);
    await next();
  });

  // Public routes first, then the bearer wall.
  app.route('/', serviceRoutes);
  app.route('/webhooks', webhooksRoutes);
  app.doc31('/api/v1/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Loop API',
      version: packageJson.version,
      description: 'Signals in, prioritized work and versioned prompts out. Every /api/v1 route takes a bearer key.',
    },
    security: [{ bearerAuth: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`loop_…`) created with POST /api/v1/api-keys, or the LOOP_API_KEY root key.',
  });

  app.use('/api/v1/*', limitBody(env.LOOP_BODY_LIMIT_BYTES), requireJsonBody(), bearerAuth());
  app.route('/api/v1', v1Routes);

  return app;
}

export type App = ReturnType<typeof createApp>;
