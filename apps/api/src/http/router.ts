import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { validationHook } from './validation';

/** Every router validates through the same hook, so every 422 has the same envelope. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
